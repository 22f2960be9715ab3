package dev.asyncapi.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;

/**
 * Names the principal a request acts for. A job belongs to the owner that submitted it, and any other
 * owner gets the same {@code 404} as for an unknown id.
 *
 * <p>Implementations must be thread-safe and fast: they run on every request.
 */
@FunctionalInterface
public interface OwnerResolver {

    /** The owner of requests without a principal: {@value}. */
    String ANONYMOUS = "anonymous";

    /**
     * Names the owner of a request.
     *
     * @param request the request
     * @return the owner; a null or blank answer means {@link #ANONYMOUS}
     */
    String owner(HttpServletRequest request);

    /**
     * The default: the name of {@link HttpServletRequest#getUserPrincipal()}, else {@link #ANONYMOUS}.
     *
     * @return the default resolver
     */
    static OwnerResolver principalOrAnonymous() {
        return request -> {
            Principal principal = request.getUserPrincipal();
            return principal == null ? ANONYMOUS : principal.getName();
        };
    }
}
