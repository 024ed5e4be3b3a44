package org.carenet.access;

/**
 * Something to append to the audit trail. Time, sequence number and request id are added when it is written.
 *
 * @param actor the username, or {@code anonymous}
 * @param role the actor's roles, comma-separated
 * @param action an {@link Operation} name, or LOGIN, REFRESH, LOGOUT
 * @param resource a {@link Resource} name
 * @param resourceId the instance acted on, if any
 * @param detail a short explanation of a non-success outcome
 */
public record AuditEvent(
        String actor,
        String role,
        String action,
        String resource,
        String resourceId,
        AuditOutcome outcome,
        String detail) {

    public static final String ANONYMOUS = "anonymous";

    /** The node itself, acting on its own (a transfer it carries on, a sweep). */
    public static final String SYSTEM = "system";

    public AuditEvent {
        if (actor == null || action == null || resource == null || outcome == null) {
            throw new IllegalArgumentException("an audit event needs an actor, an action, a resource and an outcome");
        }
        role = role == null ? "" : role;
    }

    public static AuditEvent of(
            CurrentUser user, Operation operation, Resource resource, String resourceId, AuditOutcome outcome) {
        return new AuditEvent(
                user.username(), user.rolesText(), operation.name(), resource.name(), resourceId, outcome, null);
    }

    /** The same event under another action name, for actions beyond CRUD such as LOGIN or LOGOUT. */
    public AuditEvent withAction(String otherAction) {
        return new AuditEvent(actor, role, otherAction, resource, resourceId, outcome, detail);
    }

    public AuditEvent withDetail(String otherDetail) {
        return new AuditEvent(actor, role, action, resource, resourceId, outcome, otherDetail);
    }
}
