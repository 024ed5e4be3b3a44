package org.carenet.access.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.carenet.access.Access;
import org.carenet.access.AccessGate;
import org.carenet.access.AccessProblems;
import org.carenet.access.Authentication;
import org.carenet.access.CurrentUser;
import org.carenet.access.SessionCookie;
import org.carenet.platform.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Puts every HTTP request to one of Carenet's endpoints through the {@link AccessGate}: authenticated, checked
 * against the permission matrix, and audited, refusals before the endpoint runs, outcomes after it ran (through
 * {@link AuditedResponses}, which holds the response back until its audit entry is committed).
 *
 * <p>API requests carry {@code Authorization: Bearer <token>}. Web pages carry the same token in the
 * {@value Authentication#SESSION_COOKIE} cookie (HttpOnly, SameSite=Strict), which the API ignores so that a
 * browser cannot be tricked into calling it. A page's cookie is renewed while the page is in use
 * ({@link Authentication#renewal}); a page asked for without a session is sent to the login page, which returns to
 * it.
 */
@Component
public class AccessPolicy implements HandlerInterceptor {

    public static final String LOGIN_PAGE = "/login";
    static final String CURRENT_USER = AccessPolicy.class.getName() + ".user";
    private static final String CHECKED = AccessPolicy.class.getName() + ".access";
    private static final String BEARER = "Bearer ";

    private final EndpointCatalog catalog;
    private final AccessGate gate;
    private final Authentication authentication;

    AccessPolicy(EndpointCatalog catalog, AccessGate gate, Authentication authentication) {
        this.catalog = catalog;
        this.gate = gate;
        this.authentication = authentication;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!(handler instanceof HandlerMethod method) || !EndpointCatalog.isOwn(method)) {
            return true;
        }
        EndpointCatalog.Declaration declaration = catalog.declarationOf(method);
        if (declaration.open() != null) {
            return true;
        }
        EndpointCatalog.Rule access = declaration.access();
        if (access == null) {
            throw new IllegalStateException("endpoint without an access declaration: " + method.getShortLogMessage());
        }
        boolean api = isApi(request);
        String token = api ? bearerToken(request) : cookieToken(request);
        CurrentUser user;
        try {
            user = gate.admit(
                    token,
                    api ? "This endpoint needs an access token: Authorization: Bearer <token>" : "Please log in",
                    access.resource(),
                    access.operation(),
                    resourceId(request, access),
                    access.callers());
        } catch (AccessProblems.Unauthenticated e) {
            if (!api) {
                if (request.getHeader("HX-Request") != null) {
                    // an htmx fragment request: a plain redirect would put the login page inside the fragment
                    response.setHeader("HX-Redirect", loginReturningTo(pageOfFragment(request)));
                    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                } else {
                    response.sendRedirect(
                            "GET".equals(request.getMethod()) ? loginReturningTo(pageAsked(request)) : LOGIN_PAGE);
                }
                return false;
            }
            throw e;
        }
        if (!api) {
            authentication
                    .renewal(token, user)
                    .ifPresent(
                            renewed -> SessionCookie.set(request, response, renewed, authentication.accessTokenTtl()));
        }
        request.setAttribute(CURRENT_USER, user);
        request.setAttribute(CHECKED, access);
        return true;
    }

    /**
     * Audits how a call this policy admitted ended: success, failure, or the endpoint's own refusal (403). Called by
     * {@link AuditedResponses} after the endpoint ran and before any of its response leaves the node.
     *
     * @param threw whether the endpoint ended with an exception no handler turned into a response
     * @throws RuntimeException if the audit entry could not be written
     */
    void auditOutcome(HttpServletRequest request, HttpServletResponse response, boolean threw) {
        if (!(request.getAttribute(CHECKED) instanceof EndpointCatalog.Rule access)
                || !(request.getAttribute(CURRENT_USER) instanceof CurrentUser user)) {
            return;
        }
        int status = threw ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
        String resourceId =
                Access.CALLER.equals(access.idVariable()) ? user.patient().orElse(null) : resourceId(request, access);
        if (resourceId == null) {
            resourceId = createdId(response);
        }
        if (status < 400) {
            gate.completed(user, access.operation(), access.resource(), resourceId, null);
            return;
        }
        String failure = "HTTP " + status
                + (request.getAttribute(ProblemException.DETAIL_ATTRIBUTE) instanceof String detail
                        ? ": " + detail
                        : "");
        if (status == HttpServletResponse.SC_FORBIDDEN) {
            // the matrix allowed the operation, the endpoint refused this caller (e.g. no consent of the patient)
            gate.denied(user, access.operation(), access.resource(), resourceId, failure);
        } else {
            gate.completed(user, access.operation(), access.resource(), resourceId, failure);
        }
    }

    /** The login page, returning after the login to {@code page}; the home page is where a login leads anyway. */
    private static String loginReturningTo(String page) {
        if (page == null || page.equals("/")) {
            return LOGIN_PAGE;
        }
        return LOGIN_PAGE + "?next=" + URLEncoder.encode(page, StandardCharsets.UTF_8);
    }

    /** The page asked for, with its query (a form post is not repeated, so only GETs return). */
    private static String pageAsked(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** The page an htmx fragment request came from (htmx names it in HX-Current-URL), as a path and query. */
    private static String pageOfFragment(HttpServletRequest request) {
        String current = request.getHeader("HX-Current-URL");
        if (current == null) {
            return null;
        }
        try {
            URI page = new URI(current);
            return page.getRawPath() == null || page.getRawPath().isEmpty()
                    ? null
                    : page.getRawPath() + (page.getRawQuery() == null ? "" : "?" + page.getRawQuery());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/api/");
    }

    private static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static String cookieToken(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (Authentication.SESSION_COOKIE.equals(cookie.getName())
                    && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static String resourceId(HttpServletRequest request, EndpointCatalog.Rule access) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            Object id = variables.get(access.idVariable());
            return id == null ? null : id.toString();
        }
        return null;
    }

    /** A create names what it created in its Location header; the audit trail records that id. */
    private static String createdId(HttpServletResponse response) {
        String location = response.getHeader(HttpHeaders.LOCATION);
        if (location == null) {
            return null;
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
