package org.carenet.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.carenet.access.Access;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.platform.ProblemException;
import org.carenet.records.Consents;
import org.carenet.records.Patients;
import org.carenet.records.Physicians;
import org.carenet.records.Portal;
import org.carenet.records.Transfers;
import org.carenet.records.Visits;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The patient's portal: their registration, their records (decrypted with the card the session holds), whom they
 * let read them and who did, and transfers to another hospital. Every action posts a form and comes back to the
 * portal, so that it works without JavaScript; a refused action shows the portal again with the reason. The
 * endpoints declare what the matching {@code /api/patients/me} endpoints do, audited under the patient.
 */
@Controller
@RequestMapping("/patient")
class PatientPortalController {

    static final int ACCESS_LOG_SIZE = 50;
    static final int GRANT_DAYS = 30;

    /** The grant form before the patient fills it in. */
    private static final GrantForm DEFAULT_GRANT = new GrantForm(null, "READ_WRITE", String.valueOf(GRANT_DAYS));

    /** What the portal says after an action, by the name its redirect gives: never text taken from the request. */
    private static final Map<String, String> NOTICES = Map.of(
            "registered", "You are registered at this hospital.",
            "unregistered", "You are no longer registered at any hospital. The records kept here stay here.",
            "granted", "The physician can now reach your records here, as long as the grant is in force.",
            "revoked", "The grant is revoked: the physician can no longer open your records here.",
            "transferred", "Your records have moved. Log in at the new hospital to see them there.",
            "transfer-started",
                    "Your transfer has begun; it goes on by itself until the new hospital has your records.");

    /** The grant form as the patient filled it in, shown again when the grant is refused. */
    record GrantForm(String physician, String scope, String days) {}

    /** A transfer with its hospitals' names, and whether it still moves. */
    record TransferView(Transfers.Transfer transfer, String fromName, String toName, boolean underWay) {}

    private static final Set<String> FINISHED = Set.of("DONE", "FAILED", "RECEIVED");

    private final Patients patients;
    private final Visits visits;
    private final Consents consents;
    private final Physicians physicians;
    private final Transfers transfers;
    private final Portal portal;

    PatientPortalController(
            Patients patients,
            Visits visits,
            Consents consents,
            Physicians physicians,
            Transfers transfers,
            Portal portal) {
        this.patients = patients;
        this.visits = visits;
        this.consents = consents;
        this.physicians = physicians;
        this.transfers = transfers;
        this.portal = portal;
    }

    /** The whole portal: one audited read of the patient's own data, as {@code GET /api/patients/me}. */
    @Access(resource = Resource.PATIENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping
    String portal(CurrentUser caller, @RequestParam(required = false) String notice, Model model) {
        fill(caller, model.asMap(), DEFAULT_GRANT);
        model.addAttribute("notice", notice == null ? null : NOTICES.get(notice));
        return "patient/portal";
    }

    /** The transfers alone, which the portal polls (htmx) while one is under way. */
    @Access(resource = Resource.PATIENT, operation = Operation.READ, idVariable = Access.CALLER, callers = Role.PATIENT)
    @GetMapping("/transfers")
    String transfers(CurrentUser caller, Model model) {
        model.addAttribute("registration", patients.registration(caller));
        putTransfers(caller, model.asMap(), portal.hospitalNames());
        return "patient/portal :: transfers";
    }

    @Access(
            resource = Resource.PATIENT,
            operation = Operation.CREATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/registration")
    ModelAndView register(CurrentUser caller, HttpServletRequest request) {
        return act(caller, request, DEFAULT_GRANT, () -> {
            patients.register(caller);
            return "registered";
        });
    }

    @Access(
            resource = Resource.PATIENT,
            operation = Operation.DELETE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/unregistration")
    ModelAndView unregister(CurrentUser caller, HttpServletRequest request) {
        return act(caller, request, DEFAULT_GRANT, () -> {
            patients.unregister(caller);
            return "unregistered";
        });
    }

    /** A grant the node signs with the card this session holds, as a grant posted without a signature. */
    @Access(
            resource = Resource.CONSENT,
            operation = Operation.CREATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/grants")
    ModelAndView grant(
            CurrentUser caller,
            @RequestParam(defaultValue = "") String physician,
            @RequestParam(defaultValue = "") String scope,
            @RequestParam(defaultValue = "") String days,
            HttpServletRequest request) {
        return act(caller, request, new GrantForm(physician, scope, days), () -> {
            portal.grant(caller, physician, scope, days(days));
            return "granted";
        });
    }

    @Access(
            resource = Resource.CONSENT,
            operation = Operation.DELETE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/grants/{id}/revocation")
    ModelAndView revoke(CurrentUser caller, @PathVariable UUID id, HttpServletRequest request) {
        return act(caller, request, DEFAULT_GRANT, () -> {
            consents.revoke(caller, id);
            return "revoked";
        });
    }

    /** Starts the transfer, which runs as far as it can before the answer: usually to the end. */
    @Access(
            resource = Resource.PATIENT,
            operation = Operation.UPDATE,
            idVariable = Access.CALLER,
            callers = Role.PATIENT)
    @PostMapping("/transfers")
    ModelAndView transfer(
            CurrentUser caller, @RequestParam(defaultValue = "") String hospital, HttpServletRequest request) {
        return act(
                caller,
                request,
                DEFAULT_GRANT,
                () -> transfers.start(caller, hospital).state().equals("DONE") ? "transferred" : "transfer-started");
    }

    /**
     * Runs a form's action; then sends the browser back to the portal with the notice the action names (and the
     * section to show), or on a refusal shows the portal with the reason and the refusal's status.
     */
    private ModelAndView act(
            CurrentUser caller, HttpServletRequest request, GrantForm grantForm, Supplier<String> action) {
        String notice;
        try {
            notice = action.get();
        } catch (ProblemException problem) {
            Pages.explainInAudit(request, problem);
            ModelAndView page = new ModelAndView("patient/portal", problem.status());
            fill(caller, page.getModelMap(), grantForm);
            page.addObject("problem", readable(problem, portal.hospitalNames()));
            return page;
        }
        return Redirects.seeOther("/patient?notice=" + notice);
    }

    private void fill(CurrentUser caller, Map<String, Object> model, GrantForm grantForm) {
        Map<String, String> names = portal.hospitalNames();
        Patients.Registration registration = patients.registration(caller);
        model.put("registration", registration);
        model.put("here", names.getOrDefault(registration.hospital(), registration.hospital()));
        model.put(
                "ownerName",
                registration.owner() == null ? null : names.getOrDefault(registration.owner(), registration.owner()));
        List<Visits.Visit> own = visits.readOwn(caller);
        List<Consents.Grant> grants = consents.grants(caller);
        model.put("visits", VisitView.of(own, names));
        model.put("grants", grants);
        model.put("physicians", physicians.here());
        model.put("scopes", Portal.SCOPES);
        model.put("maxGrantDays", Portal.MAX_GRANT_DAYS);
        model.put("grantForm", grantForm);
        putTransfers(caller, model, names);
        model.put("accessLog", patients.accessLog(caller, 0, ACCESS_LOG_SIZE));
    }

    private void putTransfers(CurrentUser caller, Map<String, Object> model, Map<String, String> names) {
        List<TransferView> views = transfers.ofCaller(caller).stream()
                .map(transfer -> new TransferView(
                        transfer,
                        names.getOrDefault(transfer.from(), transfer.from()),
                        names.getOrDefault(transfer.to(), transfer.to()),
                        !FINISHED.contains(transfer.state())))
                .toList();
        model.put("transfers", views);
        model.put("transferUnderWay", views.stream().anyMatch(TransferView::underWay));
        model.put(
                "otherHospitals",
                portal.hospitals().stream().filter(hospital -> !hospital.here()).toList());
    }

    /** The problems a patient meets most, in the patient's terms and with the hospitals' names. */
    static String readable(ProblemException problem, Map<String, String> names) {
        return switch (problem.kind()) {
            case "already-registered-here" -> "You are already registered at this hospital.";
            case "registered-elsewhere" -> {
                Object owner = problem.properties().get("owner");
                String name =
                        owner == null ? "another hospital" : names.getOrDefault(owner.toString(), owner.toString());
                yield "You are registered at " + name + ". Only " + name
                        + " can change your registration: log in there to unregister or to transfer your records.";
            }
            case "not-registered" -> "You are not registered at any hospital.";
            case "same-hospital" -> "Your records are at this hospital already: choose another one.";
            default -> Pages.sentence(problem.getMessage());
        };
    }

    /** The number of days the form gives, or 0 (which the grant refuses, saying why) for anything else. */
    private static int days(String days) {
        try {
            return Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
