package org.carenet.access;

/** The kinds of data the permission matrix speaks about. Each context adds its own as it arrives. */
public enum Resource {
    /** Staff accounts. */
    USER,
    /** The permission matrix itself. */
    PERMISSION,
    /** The audit trail. */
    AUDIT,
    /** Login sessions (login, refresh, logout appear in the audit trail under this resource). */
    SESSION,
    /** The network ledger, as operators see it: keys, their owners and history, verification. */
    LEDGER,
    /** A patient's registration at this hospital, their transfers, and who accessed their records. */
    PATIENT,
    /** The medical record: a patient's visits, encrypted under keys only the patient and their physicians hold. */
    RECORD,
    /** A patient's consent grants to physicians. */
    CONSENT,
    /** Physicians: their accounts, network identities and affiliations with hospitals. */
    PHYSICIAN
}
