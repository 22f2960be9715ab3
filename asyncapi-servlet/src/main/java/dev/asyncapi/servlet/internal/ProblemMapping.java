package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.IdempotencyConflictException;
import dev.asyncapi.core.InvalidJobInputException;
import dev.asyncapi.core.JobAlreadyTerminalException;
import dev.asyncapi.core.JobContentionException;
import dev.asyncapi.core.JobNotFoundException;
import dev.asyncapi.core.JobRejectedException;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.MalformedJobInputException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.UnknownJobTypeException;
import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.Problem;
import dev.asyncapi.servlet.ProblemType;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Which problem answers which exception: one table, tried in order (subclasses before their superclasses).
 * Details are written for the caller and never carry an exception's own message, except where the engine
 * builds that message for callers (invalid input). Anything else is a server fault: logged with its stack
 * trace, answered {@code 500} without details.
 */
final class ProblemMapping {

    private static final System.Logger LOG = System.getLogger(ProblemMapping.class.getName());
    private static final int MAX_DETAIL = 300;

    private static final List<Map.Entry<Class<? extends Throwable>, Function<Throwable, Problem>>> TABLE = List.of(
            entry(HttpProblemException.class, e -> ((HttpProblemException) e).problem()),
            entry(JobNotFoundException.class, e -> new Problem(ProblemType.JOB_NOT_FOUND, "No job with this id.")),
            entry(UnknownJobTypeException.class,
                    e -> new Problem(ProblemType.UNKNOWN_JOB_TYPE, "No such job type is registered.")),
            entry(MalformedJobInputException.class,
                    e -> new Problem(ProblemType.MALFORMED_JSON, "The body is not well-formed JSON: " + detail(e))),
            entry(InvalidJobInputException.class, e -> new Problem(ProblemType.INVALID_INPUT, detail(e))),
            entry(IdempotencyConflictException.class, e -> new Problem(ProblemType.IDEMPOTENCY_CONFLICT,
                    "This Idempotency-Key was already used with a different job type or input.")),
            entry(JobRejectedException.class, e -> new Problem(ProblemType.SERVICE_SATURATED,
                    "The service is busy; nothing was stored. Retry after the Retry-After interval.")),
            entry(JobContentionException.class, e -> new Problem(ProblemType.SERVICE_SATURATED,
                    "The job kept changing under this request; nothing was changed. Retry after the Retry-After"
                            + " interval.")),
            entry(JobStoreUnavailableException.class,
                    e -> new Problem(ProblemType.STORE_UNAVAILABLE, "The job store is unavailable; retry later.")),
            // from a submit; a terminate answers terminationTooLarge() instead
            entry(PayloadTooLargeException.class,
                    e -> new Problem(ProblemType.PAYLOAD_TOO_LARGE, "The input is too large to store.")),
            entry(JobAlreadyTerminalException.class,
                    e -> new Problem(ProblemType.JOB_ALREADY_TERMINAL, "The job is already terminal.")));

    private ProblemMapping() {
    }

    /** The problem that answers a failure; unwraps the wrappers of futures first. */
    static Problem problemFor(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        for (Map.Entry<Class<? extends Throwable>, Function<Throwable, Problem>> row : TABLE) {
            if (row.getKey().isInstance(e)) {
                return row.getValue().apply(e);
            }
        }
        LOG.log(System.Logger.Level.ERROR, "request failed with an unexpected exception", e);
        return new Problem(ProblemType.INTERNAL_ERROR, "The server could not handle the request.");
    }

    /**
     * The answer to a terminate the store cannot hold: the engine cuts a long reason short, so this happens only
     * for a job at its store's size limit already. The table's answer would blame the input, which the caller did
     * not send.
     */
    static HttpProblemException terminationTooLarge() {
        return new HttpProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The job is at its store's size limit, so its termination cannot be recorded; it was not terminated.");
    }

    /** A message the engine wrote for callers, shortened. */
    static String detail(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL - 3) + "...";
    }

    private static Map.Entry<Class<? extends Throwable>, Function<Throwable, Problem>> entry(
            Class<? extends Throwable> type, Function<Throwable, Problem> problem) {
        return Map.entry(type, problem);
    }
}
