package org.carenet.access;

import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The decision every call to Carenet passes, whatever it arrives by (HTTP, gRPC): the caller's token is
 * authenticated, the permission matrix allows the operation, and the refusal or the outcome is in the audit trail.
 */
@Component
public class AccessGate {

    private final Authentication authentication;
    private final PermissionMatrix matrix;
    private final AuditTrail audit;

    AccessGate(Authentication authentication, PermissionMatrix matrix, AuditTrail audit) {
        this.authentication = authentication;
        this.matrix = matrix;
        this.audit = audit;
    }

    /**
     * The caller, if its token is valid and one of its roles may do {@code operation} on {@code resource}.
     *
     * @param missingToken what to tell a caller that sent no token
     * @throws AccessProblems.Unauthenticated without a valid token (audited)
     * @throws AccessProblems.Forbidden if no role of the caller may (audited)
     */
    public CurrentUser admit(
            String token, String missingToken, Resource resource, Operation operation, String resourceId) {
        return admit(token, missingToken, resource, operation, resourceId, Set.of());
    }

    /**
     * Like {@link #admit(String, String, Resource, Operation, String)}, for an endpoint that serves only callers with
     * one of {@code callers} (none: any the matrix allows).
     */
    public CurrentUser admit(
            String token,
            String missingToken,
            Resource resource,
            Operation operation,
            String resourceId,
            Set<Role> callers) {
        CurrentUser user;
        try {
            if (token == null) {
                throw new AccessProblems.Unauthenticated(missingToken);
            }
            user = authentication.authenticate(token);
        } catch (AccessProblems.Unauthenticated e) {
            audit.record(new AuditEvent(
                    AuditEvent.ANONYMOUS,
                    "",
                    operation.name(),
                    resource.name(),
                    resourceId,
                    AuditOutcome.UNAUTHENTICATED,
                    e.getMessage()));
            throw e;
        }
        if (!matrix.allows(user.roles(), resource, operation)) {
            audit.record(AuditEvent.of(user, operation, resource, resourceId, AuditOutcome.DENIED));
            throw new AccessProblems.Forbidden(user, operation, resource);
        }
        if (!callers.isEmpty() && user.roles().stream().noneMatch(callers::contains)) {
            AccessProblems.Forbidden refusal = new AccessProblems.Forbidden(user, callers);
            audit.record(AuditEvent.of(user, operation, resource, resourceId, AuditOutcome.DENIED)
                    .withDetail(refusal.getMessage()));
            throw refusal;
        }
        return user;
    }

    /** Records that an admitted call was refused by the endpoint itself, e.g. for want of the patient's consent. */
    public void denied(CurrentUser user, Operation operation, Resource resource, String resourceId, String why) {
        audit.record(AuditEvent.of(user, operation, resource, resourceId, AuditOutcome.DENIED)
                .withDetail(why));
    }

    /** Records how an admitted call ended; {@code failure} explains a failure, null for a success. */
    public void completed(CurrentUser user, Operation operation, Resource resource, String resourceId, String failure) {
        AuditEvent event = AuditEvent.of(
                user, operation, resource, resourceId, failure == null ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE);
        audit.record(failure == null ? event : event.withDetail(failure));
    }
}
