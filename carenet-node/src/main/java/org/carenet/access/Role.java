package org.carenet.access;

/** The roles a session can hold. Staff roles come with accounts; PATIENT comes with a patient card login. */
public enum Role {
    ADMIN,
    PHYSICIAN,
    NURSE,
    PORTER,
    CLEANER,
    RESEARCHER,
    PATIENT;

    public boolean isStaff() {
        return this != PATIENT;
    }
}
