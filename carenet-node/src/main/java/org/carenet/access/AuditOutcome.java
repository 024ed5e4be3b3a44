package org.carenet.access;

public enum AuditOutcome {
    /** The operation was carried out. */
    SUCCESS,
    /** The operation was allowed but failed (bad input, missing data, wrong credentials). */
    FAILURE,
    /** The caller was authenticated but the permission matrix refused the operation. */
    DENIED,
    /** The caller had no valid session. */
    UNAUTHENTICATED
}
