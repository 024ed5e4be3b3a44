package org.carenet.web;

import java.util.List;
import java.util.Set;
import org.carenet.access.Access;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.PermissionMatrix;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The home page: for each of the user's roles, the pages it opens and what the permission matrix grants it. */
@Controller
class HomeController {

    record Grant(Resource resource, List<Operation> operations) {}

    record RoleSection(Role role, List<Navigation.Link> links, List<Grant> grants) {}

    private final PermissionMatrix matrix;
    private final Navigation navigation;

    HomeController(PermissionMatrix matrix, Navigation navigation) {
        this.matrix = matrix;
        this.navigation = navigation;
    }

    @Access(resource = Resource.SESSION, operation = Operation.READ)
    @GetMapping("/")
    String home(CurrentUser user, Model model) {
        model.addAttribute(
                "sections", user.roles().stream().sorted().map(this::section).toList());
        return "home";
    }

    private RoleSection section(Role role) {
        List<Grant> grants = matrix.grants().get(role).entrySet().stream()
                .map(grant -> new Grant(grant.getKey(), sorted(grant.getValue())))
                .sorted((a, b) -> a.resource().compareTo(b.resource()))
                .toList();
        return new RoleSection(role, navigation.linksFor(List.of(role)), grants);
    }

    private static List<Operation> sorted(Set<Operation> operations) {
        return operations.stream().sorted().toList();
    }
}
