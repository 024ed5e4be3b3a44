package org.carenet.web;

import org.carenet.access.Access;
import org.carenet.access.AuditQuery;
import org.carenet.access.AuditTrail;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.access.StaffAccounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The administrator's pages: the staff accounts and the audit trail. */
@Controller
@RequestMapping("/admin")
class AdminController {

    static final int PAGE_SIZE = 50;

    private final StaffAccounts accounts;
    private final AuditTrail audit;

    AdminController(StaffAccounts accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.audit = audit;
    }

    @Access(resource = Resource.USER, operation = Operation.READ)
    @GetMapping("/users")
    String users(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("accounts", accounts.list(Math.max(page, 0), PAGE_SIZE));
        return "admin/users";
    }

    /** The trail, newest first, with the verdict of a full walk of its hash chain above it. */
    @Access(resource = Resource.AUDIT, operation = Operation.READ)
    @GetMapping("/audit")
    String audit(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) Resource resource,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        String actorFilter = actor == null || actor.isBlank() ? null : actor.strip();
        model.addAttribute("verification", audit.verify());
        model.addAttribute(
                "entries",
                audit.find(
                        new AuditQuery(actorFilter, resource == null ? null : resource.name(), null, null),
                        Math.max(page, 0),
                        PAGE_SIZE));
        model.addAttribute("actor", actorFilter == null ? "" : actorFilter);
        model.addAttribute("resource", resource == null ? "" : resource.name());
        model.addAttribute("resources", Resource.values());
        return "admin/audit";
    }

    /** The verification box alone, for the page's "verify again" button (htmx swaps it in place). */
    @Access(resource = Resource.AUDIT, operation = Operation.READ)
    @GetMapping("/audit/verification")
    String verification(Model model) {
        model.addAttribute("verification", audit.verify());
        return "admin/audit :: verification";
    }
}
