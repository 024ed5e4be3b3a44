package org.carenet.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.carenet.access.Access;
import org.carenet.access.Authentication;
import org.carenet.access.CurrentUser;
import org.carenet.access.Operation;
import org.carenet.access.PublicEndpoint;
import org.carenet.access.Resource;
import org.carenet.access.Tokens;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Logging in and out in a browser. The forms carry no CSRF token: the session cookie is SameSite=Strict, so a form
 * that another site posts here arrives without it, and the access policy sends it to the login page instead. A
 * forged login needs no cookie, so the login itself refuses posts the browser marks as cross-site.
 */
@Controller
class LoginController {

    /** The same bound as the API's login, so that nobody makes the node hash megabytes of password. */
    static final int MAX_FIELD = 256;

    private final Authentication authentication;

    LoginController(Authentication authentication) {
        this.authentication = authentication;
    }

    @PublicEndpoint("the login form is how a browser gets a session")
    @GetMapping("/login")
    String form() {
        return "login";
    }

    @PublicEndpoint("logging in is how a browser gets a session")
    @PostMapping("/login")
    ModelAndView login(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String password,
            @RequestHeader(name = "Sec-Fetch-Site", required = false) String fetchSite,
            HttpServletRequest request,
            HttpServletResponse response) {
        if ("cross-site".equals(fetchSite)) {
            return refused(HttpStatus.FORBIDDEN, "", "Log in from this node's own login page.");
        }
        if (username.isBlank() || password.isEmpty()) {
            return refused(HttpStatus.BAD_REQUEST, username, "Enter your username and password.");
        }
        if (username.length() > MAX_FIELD || password.length() > MAX_FIELD) {
            return refused(
                    HttpStatus.BAD_REQUEST, "", "Username and password are at most " + MAX_FIELD + " characters.");
        }
        Tokens tokens;
        try {
            tokens = authentication.login(username, password);
        } catch (ProblemException refusal) {
            return refused(refusal.status(), username, refusal.getMessage());
        }
        SessionCookies.set(request, response, tokens.accessToken(), authentication.accessTokenTtl());
        return Redirects.seeOther("/");
    }

    @Access(resource = Resource.SESSION, operation = Operation.DELETE)
    @PostMapping("/logout")
    ModelAndView logout(CurrentUser user, HttpServletRequest request, HttpServletResponse response) {
        authentication.logout(user);
        SessionCookies.clear(request, response);
        return Redirects.seeOther("/login");
    }

    private static ModelAndView refused(HttpStatus status, String username, String problem) {
        ModelAndView page = new ModelAndView("login", status);
        page.addObject("username", username);
        page.addObject("problem", problem);
        return page;
    }
}
