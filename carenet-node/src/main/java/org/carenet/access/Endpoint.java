package org.carenet.access;

/**
 * One HTTP endpoint of the node and what it does in the permission matrix's terms; {@code publicReason} is set
 * instead for the few endpoints that need no session.
 */
public record Endpoint(String method, String path, Resource resource, Operation operation, String publicReason) {

    public boolean isPublic() {
        return publicReason != null;
    }
}
