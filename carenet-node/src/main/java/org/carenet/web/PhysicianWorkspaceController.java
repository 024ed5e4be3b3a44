package org.carenet.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carenet.access.Access;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.Resource;
import org.carenet.access.Role;
import org.carenet.platform.ProblemException;
import org.carenet.records.Consents;
import org.carenet.records.Physicians;
import org.carenet.records.Portal;
import org.carenet.records.Visits;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriUtils;

/**
 * The physician's workspace: the patients who linked them here, a patient's visits as far as the patient's consent
 * (or their card at the desk) opens them, and writing a visit. The endpoints declare what the matching API
 * endpoints do; a patient's page is audited under the patient, so that it shows in the patient's access log.
 */
@Controller
@RequestMapping("/physician")
class PhysicianWorkspaceController {

    /** What a page says after an action, by the name its redirect gives: never text taken from the request. */
    private static final Map<String, String> NOTICES = Map.of(
            "written", "The visit is written, encrypted to the patient, to you and to the patient's other grantees.",
            "card-present",
                    "The patient's card is held in your session: you read and write their visits until"
                            + " they leave or you log out.",
            "card-gone", "The patient's card is forgotten.");

    private final Physicians physicians;
    private final Consents consents;
    private final Visits visits;
    private final Portal portal;
    private final Clock clock;

    PhysicianWorkspaceController(Physicians physicians, Consents consents, Visits visits, Portal portal, Clock clock) {
        this.physicians = physicians;
        this.consents = consents;
        this.visits = visits;
        this.portal = portal;
        this.clock = clock;
    }

    @Access(resource = Resource.PATIENT, operation = Operation.READ, callers = Role.PHYSICIAN)
    @GetMapping
    String workspace(CurrentUser caller, @RequestParam(required = false) String notice, Model model) {
        fillWorkspace(caller, model.asMap());
        model.addAttribute("notice", notice == null ? null : NOTICES.get(notice));
        return "physician/workspace";
    }

    /** The form to open a patient by identifier: leads to the patient's page, which says if it cannot open. */
    @Access(resource = Resource.PATIENT, operation = Operation.READ, callers = Role.PHYSICIAN)
    @GetMapping("/patients")
    ModelAndView find(@RequestParam(defaultValue = "") String patient) {
        String id = patient.strip().toLowerCase(Locale.ROOT);
        if (id.isEmpty()) {
            return Redirects.seeOther("/physician");
        }
        return Redirects.seeOther(pathOf(id));
    }

    @Access(resource = Resource.RECORD, operation = Operation.READ, idVariable = "patientId", callers = Role.PHYSICIAN)
    @GetMapping("/patients/{patientId}")
    ModelAndView patient(
            CurrentUser caller,
            @PathVariable String patientId,
            @RequestParam(required = false) String notice,
            HttpServletRequest request) {
        ModelAndView page = patientPage(caller, patientId, VisitForm.at(clock.instant()), List.of(), request);
        page.addObject("notice", notice == null ? null : NOTICES.get(notice));
        return page;
    }

    @Access(
            resource = Resource.RECORD,
            operation = Operation.CREATE,
            idVariable = "patientId",
            callers = Role.PHYSICIAN)
    @PostMapping("/patients/{patientId}/visits")
    ModelAndView write(
            CurrentUser caller,
            @PathVariable String patientId,
            @ModelAttribute VisitForm form,
            HttpServletRequest request) {
        VisitForm.Checked checked = form.check();
        if (!checked.problems().isEmpty()) {
            ModelAndView page = patientPage(caller, patientId, form, checked.problems(), request);
            if (page.getStatus() == null) {
                page.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
            }
            return page;
        }
        try {
            visits.write(caller, patientId, checked.time(), checked.content());
        } catch (ProblemException problem) {
            Pages.explainInAudit(request, problem);
            ModelAndView page = patientPage(caller, patientId, form, List.of(), request);
            page.addObject("writeProblem", Pages.sentence(problem.getMessage()));
            page.setStatus(problem.status());
            return page;
        }
        return Redirects.seeOther(pathOf(patientId) + "?notice=written");
    }

    /** The patient is at the desk: their card, held in this session, opens their visits without a grant. */
    @Access(resource = Resource.RECORD, operation = Operation.READ, callers = Role.PHYSICIAN)
    @PostMapping("/patient-card")
    ModelAndView patientPresent(
            CurrentUser caller,
            @RequestParam(required = false) MultipartFile card,
            @RequestParam(defaultValue = "") String password,
            HttpServletRequest request)
            throws IOException {
        if (card == null || card.isEmpty() || password.length() > LoginController.MAX_CARD_PASSWORD) {
            ModelAndView page = workspacePage(caller, HttpStatus.BAD_REQUEST);
            page.addObject("cardProblem", "Choose the patient's card file, and enter its password if it has one.");
            return page;
        }
        char[] secret = password.isEmpty() ? null : password.toCharArray();
        String patient;
        try {
            patient = portal.holdPatientCardForPhysician(caller, card.getBytes(), secret);
        } catch (ProblemException problem) {
            Pages.explainInAudit(request, problem);
            ModelAndView page = workspacePage(caller, problem.status());
            page.addObject("cardProblem", Pages.sentence(problem.getMessage()));
            return page;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        return Redirects.seeOther(pathOf(patient) + "?notice=card-present");
    }

    @Access(resource = Resource.RECORD, operation = Operation.READ, callers = Role.PHYSICIAN)
    @PostMapping("/patient-card/removal")
    ModelAndView patientLeft(CurrentUser caller) {
        visits.patientLeft(caller);
        return Redirects.seeOther("/physician?notice=card-gone");
    }

    private ModelAndView workspacePage(CurrentUser caller, HttpStatus status) {
        ModelAndView page = new ModelAndView("physician/workspace", status);
        fillWorkspace(caller, page.getModelMap());
        return page;
    }

    private void fillWorkspace(CurrentUser caller, Map<String, Object> model) {
        model.put("physician", physicians.me(caller));
        model.put("patients", consents.patientsOf(caller));
    }

    /**
     * A patient's page: their visits, or why they do not open (no consent, the keys locked, not registered here),
     * with the refusal's status, so that the access policy audits it as the API would.
     */
    private ModelAndView patientPage(
            CurrentUser caller,
            String patientId,
            VisitForm form,
            List<String> formProblems,
            HttpServletRequest request) {
        ModelAndView page = new ModelAndView("physician/patient");
        page.addObject("patientId", patientId);
        page.addObject("physician", physicians.me(caller));
        page.addObject(
                "access",
                consents.patientsOf(caller).stream()
                        .filter(patient -> patient.patient().equals(patientId))
                        .findFirst()
                        .orElse(null));
        page.addObject("visitForm", form);
        page.addObject("formProblems", formProblems);
        try {
            List<Visits.Visit> read = visits.readAsPhysician(caller, patientId);
            page.addObject("visits", VisitView.of(read, portal.hospitalNames()));
        } catch (ProblemException problem) {
            Pages.explainInAudit(request, problem);
            page.addObject("problem", Pages.sentence(problem.getMessage()));
            page.addObject("problemKind", problem.kind());
            page.setStatus(problem.status());
        }
        return page;
    }

    private static String pathOf(String patientId) {
        return "/physician/patients/" + UriUtils.encodePathSegment(patientId, StandardCharsets.UTF_8);
    }
}
