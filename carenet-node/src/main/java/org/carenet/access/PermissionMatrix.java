package org.carenet.access;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which role may do which {@link Operation} on which {@link Resource}: the seed's role-based CRUD design, kept as
 * data (table {@code access.permissions}, changed only by migrations) and read once at start.
 */
@Component
public class PermissionMatrix {

    private final Map<Role, Map<Resource, Set<Operation>>> grants;

    PermissionMatrix(JdbcClient jdbc) {
        Map<Role, Map<Resource, Set<Operation>>> loaded = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            loaded.put(role, new EnumMap<>(Resource.class));
        }
        jdbc.sql("select role, resource, operation from access.permissions").query(rs -> {
            Role role = Role.valueOf(rs.getString(1));
            Resource resource = Resource.valueOf(rs.getString(2));
            loaded.get(role)
                    .computeIfAbsent(resource, r -> EnumSet.noneOf(Operation.class))
                    .add(Operation.valueOf(rs.getString(3)));
        });
        loaded.replaceAll((role, byResource) -> {
            byResource.replaceAll((resource, operations) -> Collections.unmodifiableSet(operations));
            return Collections.unmodifiableMap(byResource);
        });
        this.grants = Collections.unmodifiableMap(loaded);
    }

    public boolean allows(Role role, Resource resource, Operation operation) {
        return grants.get(role).getOrDefault(resource, Set.of()).contains(operation);
    }

    /** Whether any of the roles allows the operation. */
    public boolean allows(Collection<Role> roles, Resource resource, Operation operation) {
        return roles.stream().anyMatch(role -> allows(role, resource, operation));
    }

    public Map<Role, Map<Resource, Set<Operation>>> grants() {
        return grants;
    }
}
