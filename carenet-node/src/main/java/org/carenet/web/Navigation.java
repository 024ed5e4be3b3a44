package org.carenet.web;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.PermissionMatrix;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The pages a signed-in user can open, for the header of every signed-in page and the home page. A link shows only
 * when the permission matrix lets one of the user's roles open its page, so nobody is offered a page that refuses
 * them.
 */
@ControllerAdvice(
        assignableTypes = {
            HomeController.class,
            AdminController.class,
            NetworkPageController.class,
            PatientPortalController.class,
            PhysicianWorkspaceController.class
        })
class Navigation {

    /**
     * A page of the UI, and the permission it needs: as its endpoint declares it, the matrix's resource and
     * operation, and the roles it serves (none: any the matrix allows).
     */
    record Link(String label, String href, String purpose, Resource resource, Operation operation, Set<Role> callers) {

        Link(String label, String href, String purpose, Resource resource, Operation operation) {
            this(label, href, purpose, resource, operation, Set.of());
        }
    }

    static final List<Link> LINKS = List.of(
            new Link(
                    "My records",
                    "/patient",
                    "Your registration, your records, whom you let read them, who did, and transfers",
                    Resource.PATIENT,
                    Operation.READ,
                    Set.of(Role.PATIENT)),
            new Link(
                    "My patients",
                    "/physician",
                    "The patients who granted you access here, their visits, and writing a visit",
                    Resource.PATIENT,
                    Operation.READ,
                    Set.of(Role.PHYSICIAN)),
            new Link(
                    "Staff accounts",
                    "/admin/users",
                    "Who can log in at this node, with which roles, and whether they are locked out",
                    Resource.USER,
                    Operation.READ),
            new Link(
                    "Audit trail",
                    "/admin/audit",
                    "Every access to this node's data, and whether the hash chain that protects it is intact",
                    Resource.AUDIT,
                    Operation.READ),
            new Link(
                    "Network",
                    "/admin/network",
                    "The hospitals of the network, the ledger they share, and whether this node's copy verifies",
                    Resource.LEDGER,
                    Operation.READ));

    private final PermissionMatrix matrix;

    Navigation(PermissionMatrix matrix) {
        this.matrix = matrix;
    }

    @ModelAttribute
    void signedIn(CurrentUser user, Model model) {
        model.addAttribute("user", user);
        model.addAttribute("navigation", linksFor(user.roles()));
    }

    List<Link> linksFor(Collection<Role> roles) {
        return LINKS.stream()
                .filter(link -> matrix.allows(roles, link.resource(), link.operation()))
                .filter(link -> link.callers().isEmpty() || roles.stream().anyMatch(link.callers()::contains))
                .toList();
    }
}
