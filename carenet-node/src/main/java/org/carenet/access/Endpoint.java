package org.carenet.access;

import java.util.Set;

/**
 * One HTTP endpoint of the node and what it does in the permission matrix's terms; {@code publicReason} is set
 * instead for the few endpoints that need no session. {@code callers}, when not empty, are the only roles the
 * endpoint serves (see {@link Access#callers()}).
 */
public record Endpoint(
        String method, String path, Resource resource, Operation operation, Set<Role> callers, String publicReason) {

    public Endpoint {
        callers = callers == null ? Set.of() : Set.copyOf(callers);
    }

    public boolean isPublic() {
        return publicReason != null;
    }
}
