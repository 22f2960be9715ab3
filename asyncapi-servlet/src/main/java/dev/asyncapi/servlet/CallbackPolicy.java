package dev.asyncapi.servlet;

import java.net.URI;

/**
 * Decides whether a caller may have a job's completion event sent to a URL: the check a submit with a
 * {@value AsyncJobsHttp#CALLBACK_HEADER} header runs before anything is stored. Enabled with
 * {@link AsyncJobsHttp.Builder#callbacks(CallbackPolicy)}; module {@code asyncapi-webhooks} provides one
 * ({@code Webhooks::checkDestination}: allow-list, scheme, and the addresses the host resolves to), so this
 * module does not depend on it.
 *
 * <p>Implementations must be thread-safe; they run on the request's thread and may resolve host names.
 */
@FunctionalInterface
public interface CallbackPolicy {

    /**
     * Accepts a destination or refuses it.
     *
     * @param url an absolute {@code http} or {@code https} URL with a host (already checked for its shape)
     * @throws IllegalArgumentException if the destination is refused; the message is shown to the caller in a
     *                                  {@code 400} problem, so it must say why without revealing secrets
     */
    void check(URI url);
}
