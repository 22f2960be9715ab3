package dev.asyncapi.azure.tables;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceError;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionFailedException;
import dev.asyncapi.core.JobStoreUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs storage calls with the store's error policy: throttling (429), server busy or failing (500, 502,
 * 503, 504), request timeouts (408) and I/O or timeout failures are retried with exponential backoff and
 * full jitter, then surface as {@link JobStoreUnavailableException}; 401/403 surface at once as
 * {@link TableStoreAccessDeniedException}; everything else is the caller's to interpret.
 */
final class StorageCalls {

    private static final System.Logger LOG = System.getLogger(AzureTableJobStore.class.getName());

    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;

    StorageCalls(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    <T> T run(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (isAccessDenied(e)) {
                    throw new TableStoreAccessDeniedException("Table Storage refused to " + what + " (HTTP "
                            + status(e).orElse(0) + errorCode(e).map(c -> " " + c).orElse("")
                            + "): check the credential, and that the identity has the 'Storage Table Data "
                            + "Contributor' role on the storage account or table", e);
                }
                if (!isTransient(e)) {
                    throw e;
                }
                if (attempt >= maxAttempts) {
                    throw new JobStoreUnavailableException("Table Storage did not " + what + " after " + attempt
                            + " attempts: " + describe(e), e);
                }
                Duration delay = backoff(attempt);
                LOG.log(Level.DEBUG, "could not {0} ({1}); attempt {2} of {3} in {4} ms",
                        what, describe(e), attempt + 1, maxAttempts, delay.toMillis());
                pause(delay, "retrying to " + what);
            }
        }
    }

    private Duration backoff(int attempt) {
        long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    /**
     * Waits between two storage calls; the store's one way to wait.
     *
     * @param delay     how long
     * @param waitingTo what the wait is for, completing "interrupted while ..."
     * @throws JobStoreUnavailableException if interrupted (the interrupt flag is restored)
     */
    static void pause(Duration delay, String waitingTo) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new JobStoreUnavailableException("interrupted while " + waitingTo, ie);
        }
    }

    static boolean isTransient(Throwable e) {
        Optional<Integer> status = status(e);
        if (status.isPresent()) {
            int s = status.get();
            return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isAccessDenied(Throwable e) {
        return status(e).map(s -> s == 401 || s == 403).orElse(false);
    }

    /** The HTTP status of a failed call, when the service answered. */
    static Optional<Integer> status(Throwable e) {
        if (e instanceof TableTransactionFailedException tfe) {
            // a failed transaction answers 202 overall; the failing operation's code tells what happened
            return errorCode(tfe).map(StorageCalls::statusOfCode).or(() -> Optional.ofNullable(tfe.getResponse())
                    .map(r -> r.getStatusCode()).filter(s -> s != 202));
        }
        if (e instanceof HttpResponseException hre && hre.getResponse() != null) {
            return Optional.of(hre.getResponse().getStatusCode());
        }
        return Optional.empty();
    }

    static Optional<TableErrorCode> errorCode(Throwable e) {
        if (e instanceof TableServiceException tse) {
            TableServiceError error = tse.getValue();
            return Optional.ofNullable(error).map(TableServiceError::getErrorCode);
        }
        return Optional.empty();
    }

    private static Integer statusOfCode(TableErrorCode code) {
        if (code.equals(TableErrorCode.ENTITY_ALREADY_EXISTS)) {
            return 409;
        }
        if (code.equals(TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED)) {
            return 412;
        }
        if (code.equals(TableErrorCode.RESOURCE_NOT_FOUND) || code.equals(TableErrorCode.ENTITY_NOT_FOUND)
                || code.equals(TableErrorCode.TABLE_NOT_FOUND)) {
            return 404;
        }
        if (code.equals(TableErrorCode.AUTHORIZATION_PERMISSION_MISMATCH)
                || code.equals(TableErrorCode.AUTHORIZATION_RESOURCE_TYPE_MISMATCH)
                || code.equals(TableErrorCode.FORBIDDEN)) {
            return 403;
        }
        if (code.equals(TableErrorCode.OPERATION_TIMED_OUT)) {
            return 503;
        }
        if (code.equals(TableErrorCode.ENTITY_TOO_LARGE) || code.equals(TableErrorCode.PROPERTY_VALUE_TOO_LARGE)) {
            return 413;
        }
        return 400;
    }

    static boolean isConflict(Throwable e) {
        return status(e).map(s -> s == 409).orElse(false);
    }

    static boolean isPreconditionFailed(Throwable e) {
        return status(e).map(s -> s == 412).orElse(false);
    }

    static boolean isNotFound(Throwable e) {
        return status(e).map(s -> s == 404).orElse(false)
                && !errorCode(e).map(TableErrorCode.TABLE_NOT_FOUND::equals).orElse(false);
    }

    static boolean isTableMissing(Throwable e) {
        return errorCode(e).map(TableErrorCode.TABLE_NOT_FOUND::equals).orElse(false);
    }

    static int failedIndex(Throwable e) {
        return e instanceof TableTransactionFailedException tfe && tfe.getFailedTransactionActionIndex() != null
                ? tfe.getFailedTransactionActionIndex() : -1;
    }

    private static String describe(Throwable e) {
        Optional<Integer> status = status(e);
        if (status.isPresent()) {
            return "HTTP " + status.get() + errorCode(e).map(c -> " " + c).orElse("");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
