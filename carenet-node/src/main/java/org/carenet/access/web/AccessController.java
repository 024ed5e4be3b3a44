package org.carenet.access.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carenet.access.Access;
import org.carenet.access.Endpoint;
import org.carenet.access.Operation;
import org.carenet.access.PermissionMatrix;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.access.internal.EndpointCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Access", description = "The permission matrix and the endpoints it governs")
@RestController
class AccessController {

    private final PermissionMatrix matrix;
    private final EndpointCatalog catalog;

    AccessController(PermissionMatrix matrix, EndpointCatalog catalog) {
        this.matrix = matrix;
        this.catalog = catalog;
    }

    record Permissions(
            List<Role> roles,
            List<Resource> resources,
            List<Operation> operations,
            Map<Role, Map<Resource, Set<Operation>>> grants,
            List<Endpoint> endpoints) {}

    @io.swagger.v3.oas.annotations.Operation(
            summary = "The permission matrix",
            description = "Which role may do which operation on which resource, and which resource and operation"
                    + " each endpoint is; endpoints marked public need no session.")
    @Access(resource = Resource.PERMISSION, operation = Operation.READ)
    @GetMapping("/api/access/permissions")
    Permissions permissions() {
        return new Permissions(
                List.of(Role.values()),
                List.of(Resource.values()),
                List.of(Operation.values()),
                matrix.grants(),
                catalog.endpoints());
    }
}
