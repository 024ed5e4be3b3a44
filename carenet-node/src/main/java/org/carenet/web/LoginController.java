package org.carenet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import org.carenet.access.Access;
import org.carenet.access.Authentication;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.access.SessionCookie;
import org.carenet.access.Tokens;
import org.carenet.platform.ProblemException;
import org.carenet.records.Portal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

/**
 * Logging in and out in a browser: staff with their password, patients with their card file. The forms carry no
 * CSRF token: the session cookie is SameSite=Strict, so a form that another site posts here arrives without it, and
 * the access policy sends it to the login page instead. A forged login needs no cookie, so the logins themselves
 * refuse posts the browser marks as cross-site.
 */
@Controller
class LoginController {

    /** The same bound as the API's login, so that nobody makes the node hash megabytes of password. */
    static final int MAX_FIELD = 256;

    /** The same bound as the API's card upload. */
    static final int MAX_CARD_PASSWORD = 1024;

    private final Authentication authentication;
    private final Portal portal;

    LoginController(Authentication authentication, Portal portal) {
        this.authentication = authentication;
        this.portal = portal;
    }

    /** The longest page address a login returns to. */
    static final int MAX_NEXT = 2048;

    @PublicEndpoint("the login form is how a browser gets a session")
    @GetMapping("/login")
    ModelAndView form(@RequestParam(defaultValue = "") String next) {
        return new ModelAndView("login").addObject("next", pageOfThisNode(next));
    }

    @PublicEndpoint("logging in is how a browser gets a session")
    @PostMapping("/login")
    ModelAndView login(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String next,
            @RequestHeader(name = "Sec-Fetch-Site", required = false) String fetchSite,
            HttpServletRequest request,
            HttpServletResponse response) {
        if ("cross-site".equals(fetchSite)) {
            return refused(HttpStatus.FORBIDDEN, "", "Log in from this node's own login page.");
        }
        String page = pageOfThisNode(next);
        if (username.isBlank() || password.isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, username, "Enter your username and password.")
                    .addObject("next", page);
        }
        if (username.length() > MAX_FIELD || password.length() > MAX_FIELD) {
            return refused(
                            HttpStatus.BAD_REQUEST,
                            "",
                            "Username and password are at most " + MAX_FIELD + " characters.")
                    .addObject("next", page);
        }
        Tokens tokens;
        try {
            tokens = authentication.login(username, password);
        } catch (ProblemException refusal) {
            return refused(refusal.status(), username, refusal.getMessage()).addObject("next", page);
        }
        SessionCookie.set(request, response, tokens.accessToken(), authentication.accessTokenTtl());
        return Redirects.seeOther(page.isEmpty() ? "/" : page);
    }

    @PublicEndpoint("the card login form is how a patient's browser gets a session")
    @GetMapping("/patients/login")
    ModelAndView cardForm(@RequestParam(defaultValue = "") String next) {
        return new ModelAndView("patient/login").addObject("next", pageOfThisNode(next));
    }

    /**
     * The card signs a challenge of this node here, and its keys stay in the node's memory for the session (never
     * stored), so that the portal shows the records decrypted and signs grants with it.
     */
    @PublicEndpoint("the card's signature is how a patient proves who they are")
    @PostMapping("/patients/login")
    ModelAndView cardLogin(
            @RequestParam(required = false) MultipartFile card,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String next,
            @RequestHeader(name = "Sec-Fetch-Site", required = false) String fetchSite,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        String page = pageOfThisNode(next);
        if ("cross-site".equals(fetchSite)) {
            return refusedCard(HttpStatus.FORBIDDEN, "Log in from this node's own login page.")
                    .addObject("next", page);
        }
        if (card == null || card.isEmpty()) {
            return refusedCard(HttpStatus.BAD_REQUEST, "Choose your card file.").addObject("next", page);
        }
        if (password.length() > MAX_CARD_PASSWORD) {
            return refusedCard(
                            HttpStatus.BAD_REQUEST,
                            "A card's password is at most " + MAX_CARD_PASSWORD + " characters.")
                    .addObject("next", page);
        }
        char[] secret = password.isEmpty() ? null : password.toCharArray();
        Tokens tokens;
        try {
            tokens = portal.loginWithCardFile(card.getBytes(), secret);
        } catch (ProblemException refusal) {
            return refusedCard(refusal.status(), Pages.sentence(refusal.getMessage()))
                    .addObject("next", page);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        SessionCookie.set(request, response, tokens.accessToken(), authentication.accessTokenTtl());
        return Redirects.seeOther(page.isEmpty() ? "/patient" : page);
    }

    @Access(resource = Resource.SESSION, operation = Operation.DELETE)
    @PostMapping("/logout")
    ModelAndView logout(CurrentUser user, HttpServletRequest request, HttpServletResponse response) {
        authentication.logout(user);
        SessionCookie.clear(request, response);
        return Redirects.seeOther("/login");
    }

    /**
     * {@code next} when it is a page of this node (a path, not another site's address nor a login page), else empty:
     * the login returns there, and must not send anyone elsewhere.
     */
    static String pageOfThisNode(String next) {
        boolean local = next.length() <= MAX_NEXT
                && next.startsWith("/")
                && !next.startsWith("//")
                && next.chars().noneMatch(c -> c == '\\' || Character.isISOControl(c))
                && !next.startsWith("/login")
                && !next.startsWith("/patients/login");
        return local ? next : "";
    }

    private static ModelAndView refused(HttpStatus status, String username, String problem) {
        ModelAndView page = new ModelAndView("login", status);
        page.addObject("username", username);
        page.addObject("problem", problem);
        return page;
    }

    private static ModelAndView refusedCard(HttpStatus status, String problem) {
        ModelAndView page = new ModelAndView("patient/login", status);
        page.addObject("problem", problem);
        return page;
    }
}
