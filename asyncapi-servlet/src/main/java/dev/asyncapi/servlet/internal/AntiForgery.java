package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Cross-site request forgery defence of the dashboard's actions, in three layers, each of which alone refuses
 * a forged request: a double-submit token (a random value in a {@code SameSite=Strict}, {@code HttpOnly} cookie
 * that the page also receives in a JSON answer another site cannot read, and must send back in
 * {@value #HEADER}); {@code Sec-Fetch-Site} must be {@code same-origin} when the browser sends it; and
 * {@code Origin}, when sent, must be this application's origin. The token lives in the cookie, not in the
 * server, so it works across instances behind a load balancer.
 */
final class AntiForgery {

    /** The request header that carries the token. */
    static final String HEADER = "X-Asyncapi-Csrf";
    /** The cookie that carries the token. */
    static final String COOKIE = "asyncapi-dashboard-csrf";

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RequestOrigin origin;

    AntiForgery(RequestOrigin origin) {
        this.origin = origin;
    }

    /** The request's token: the cookie's if it holds a well-formed one, else empty (a new one must be set). */
    static Optional<String> tokenOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(COOKIE) && cookie.getValue() != null && TOKEN.matcher(cookie.getValue()).matches()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** A new random token: 256 bits, base64url. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The {@code Set-Cookie} value that hands a token to the browser, for the dashboard's path only.
     *
     * @param path the cookie's path: the dashboard's path including the context path
     */
    static String setCookie(String token, String path, boolean secure) {
        return COOKIE + "=" + token + "; Path=" + path + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /**
     * Refuses a request that another site may have sent.
     *
     * @throws HttpProblemException {@link ProblemType#FORBIDDEN} naming what was missing or wrong
     */
    void check(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.trim().toLowerCase(Locale.ROOT).equals("same-origin")) {
            throw forbidden("This action must come from the dashboard's own pages (Sec-Fetch-Site was not"
                    + " same-origin).");
        }
        String sentOrigin = request.getHeader("Origin");
        if (sentOrigin != null && !sentOrigin.trim().equalsIgnoreCase(ownOrigin(request))) {
            throw forbidden("This action must come from the dashboard's own origin.");
        }
        String sent = request.getHeader(HEADER);
        Optional<String> cookie = tokenOf(request);
        if (sent == null || cookie.isEmpty()) {
            throw forbidden("The anti-forgery token is missing; reload the dashboard.");
        }
        if (!MessageDigest.isEqual(sent.trim().getBytes(StandardCharsets.US_ASCII),
                cookie.get().getBytes(StandardCharsets.US_ASCII))) {
            throw forbidden("The anti-forgery token does not match; reload the dashboard.");
        }
    }

    /** Scheme, host and port of this application as clients reach it (the public base URI when set). */
    private String ownOrigin(HttpServletRequest request) {
        URI root = URI.create(origin.of(request));
        return root.getScheme() + "://" + root.getRawAuthority();
    }

    private static HttpProblemException forbidden(String detail) {
        return new HttpProblemException(ProblemType.FORBIDDEN, detail);
    }
}
