package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.JobCallback;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.CallbackPolicy;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Enumeration;
import java.util.Optional;

/**
 * Reads the {@value AsyncJobsHttp#CALLBACK_HEADER} header of a submit: at most one, an absolute http(s) URL the
 * service's {@link CallbackPolicy} accepts. Every refusal is a {@code 400} problem, raised before the job is stored.
 */
final class CallbackUrls {

    private static final String HEADER = AsyncJobsHttp.CALLBACK_HEADER;

    private CallbackUrls() {
    }

    static Optional<URI> parse(Enumeration<String> values, Optional<CallbackPolicy> policy) {
        if (values == null || !values.hasMoreElements()) {
            return Optional.empty();
        }
        String text = values.nextElement().strip();
        if (values.hasMoreElements()) {
            throw invalid("Send at most one " + HEADER + " header.");
        }
        if (policy.isEmpty()) {
            throw invalid("This service does not send completion callbacks: remove the " + HEADER + " header.");
        }
        URI url;
        try {
            url = JobCallback.checkUrl(new URI(text));
        } catch (URISyntaxException e) {
            throw invalid(HEADER + " is not a valid URL.");
        } catch (IllegalArgumentException e) {
            throw invalid(HEADER + " refused: " + ProblemMapping.detail(e) + ".");
        }
        try {
            policy.get().check(url);
        } catch (IllegalArgumentException e) {
            throw invalid(HEADER + " refused: " + ProblemMapping.detail(e) + ".");
        }
        return Optional.of(url);
    }

    private static HttpProblemException invalid(String detail) {
        return new HttpProblemException(ProblemType.INVALID_REQUEST, detail);
    }
}
