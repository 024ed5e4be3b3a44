package org.carenet.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The cookie that carries a browser's access token. HttpOnly keeps it from scripts; SameSite=Strict keeps browsers
 * from sending it with requests that another site starts, which is the UI's defence against cross-site request
 * forgery. It is Secure whenever the node is reached over HTTPS. It lives as long as the token it carries: the
 * access policy renews both while the page is in use (see {@link Authentication#renewal}).
 */
public final class SessionCookie {

    private SessionCookie() {}

    public static void set(
            HttpServletRequest request, HttpServletResponse response, String accessToken, Duration lifetime) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                cookie(request, accessToken).maxAge(lifetime).build().toString());
    }

    public static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE,
                cookie(request, "").maxAge(Duration.ZERO).build().toString());
    }

    private static ResponseCookie.ResponseCookieBuilder cookie(HttpServletRequest request, String value) {
        return ResponseCookie.from(Authentication.SESSION_COOKIE, value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(request.isSecure())
                .path("/");
    }
}
