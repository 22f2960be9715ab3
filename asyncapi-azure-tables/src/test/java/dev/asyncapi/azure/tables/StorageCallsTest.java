package dev.asyncapi.azure.tables;

import com.azure.core.exception.HttpResponseException;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceError;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionFailedException;
import dev.asyncapi.core.JobStoreUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageCallsTest {

    private static final StorageCalls THREE_ATTEMPTS = new StorageCalls(3, Duration.ofMillis(1), Duration.ofMillis(2));

    private static TableServiceException http(int status) {
        return new TableServiceException("HTTP " + status, new FixedResponse(status, ""));
    }

    private static TableServiceException http(int status, String code) {
        return new TableServiceException("HTTP " + status, new FixedResponse(status, ""),
                new TableServiceError(code, "the service said no"));
    }

    /** A failed entity-group transaction: the batch answers 202, the failing operation's code tells why. */
    private static TableTransactionFailedException transaction(TableErrorCode code, int failedIndex) {
        return new TableTransactionFailedException("transaction failed", new FixedResponse(202, ""),
                new TableServiceError(code.toString(), "operation " + failedIndex + " failed"), failedIndex);
    }

    @Test
    void throttlingServerErrorsAndTimeoutsAreTransient() {
        for (int status : List.of(408, 429, 500, 502, 503, 504)) {
            assertThat(StorageCalls.isTransient(http(status))).as("HTTP %d", status).isTrue();
        }
        assertThat(StorageCalls.isTransient(new RuntimeException(new IOException("connection reset")))).isTrue();
        assertThat(StorageCalls.isTransient(new UncheckedIOException(new IOException("closed")))).isTrue();
        assertThat(StorageCalls.isTransient(new RuntimeException(new TimeoutException("read timed out")))).isTrue();
        assertThat(StorageCalls.isTransient(transaction(TableErrorCode.OPERATION_TIMED_OUT, 0))).isTrue();
    }

    @Test
    void clientErrorsAndPlainBugsAreNotTransient() {
        for (int status : List.of(400, 401, 403, 404, 409, 412, 413)) {
            assertThat(StorageCalls.isTransient(http(status))).as("HTTP %d", status).isFalse();
        }
        assertThat(StorageCalls.isTransient(new IllegalStateException("bug"))).isFalse();
        assertThat(StorageCalls.isTransient(transaction(TableErrorCode.ENTITY_ALREADY_EXISTS, 0))).isFalse();
    }

    @Test
    void classifiesSingleEntityAnswersByStatus() {
        assertThat(StorageCalls.isConflict(http(409))).isTrue();
        assertThat(StorageCalls.isPreconditionFailed(http(412))).isTrue();
        assertThat(StorageCalls.isNotFound(http(404, "ResourceNotFound"))).isTrue();
        assertThat(StorageCalls.isAccessDenied(http(401))).isTrue();
        assertThat(StorageCalls.isAccessDenied(http(403, "AuthorizationPermissionMismatch"))).isTrue();
        assertThat(StorageCalls.status(new RuntimeException("no answer"))).isEmpty();
        assertThat(StorageCalls.status(new HttpResponseException("no response", null))).isEmpty();
    }

    @Test
    void aMissingTableIsNotAMissingEntity() {
        TableServiceException missingTable = http(404, "TableNotFound");
        assertThat(StorageCalls.isTableMissing(missingTable)).isTrue();
        assertThat(StorageCalls.isNotFound(missingTable)).isFalse();
        assertThat(StorageCalls.isTableMissing(http(404, "ResourceNotFound"))).isFalse();
    }

    @Test
    void classifiesFailedTransactionsByTheFailingOperationsCode() {
        TableTransactionFailedException exists = transaction(TableErrorCode.ENTITY_ALREADY_EXISTS, 1);
        assertThat(StorageCalls.status(exists)).hasValue(409);
        assertThat(StorageCalls.isConflict(exists)).isTrue();
        assertThat(StorageCalls.failedIndex(exists)).isEqualTo(1);
        assertThat(StorageCalls.isPreconditionFailed(transaction(TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED, 0))).isTrue();
        assertThat(StorageCalls.isNotFound(transaction(TableErrorCode.RESOURCE_NOT_FOUND, 1))).isTrue();
        assertThat(StorageCalls.isNotFound(transaction(TableErrorCode.ENTITY_NOT_FOUND, 1))).isTrue();
        assertThat(StorageCalls.isAccessDenied(transaction(TableErrorCode.AUTHORIZATION_PERMISSION_MISMATCH, 0))).isTrue();
        assertThat(StorageCalls.status(transaction(TableErrorCode.ENTITY_TOO_LARGE, 0))).hasValue(413);
        assertThat(StorageCalls.status(transaction(TableErrorCode.INVALID_INPUT, 0))).hasValue(400);
        assertThat(StorageCalls.failedIndex(http(409))).isEqualTo(-1);
    }

    @Test
    void retriesATransientFailureAndReturnsTheEventualAnswer() {
        AtomicInteger calls = new AtomicInteger();
        String answer = THREE_ATTEMPTS.run("read a job", () -> {
            if (calls.incrementAndGet() < 3) {
                throw http(503);
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheLastAttemptAsUnavailable() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> THREE_ATTEMPTS.run("read a job", () -> {
            calls.incrementAndGet();
            throw http(429);
        })).isInstanceOf(JobStoreUnavailableException.class)
                .hasMessageContaining("read a job").hasMessageContaining("3 attempts").hasMessageContaining("HTTP 429")
                .hasCauseInstanceOf(TableServiceException.class);
        assertThat(calls).hasValue(3);
    }

    @Test
    void accessDeniedSurfacesAtOnceNamingTheRole() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> THREE_ATTEMPTS.run("create table jobs", () -> {
            calls.incrementAndGet();
            throw http(403, "AuthorizationPermissionMismatch");
        })).isInstanceOf(TableStoreAccessDeniedException.class)
                .hasMessageContaining("create table jobs").hasMessageContaining("HTTP 403")
                .hasMessageContaining("AuthorizationPermissionMismatch").hasMessageContaining("Storage Table Data Contributor");
        assertThat(calls).hasValue(1);
    }

    @Test
    void otherFailuresAreTheCallersToInterpretAndNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        TableServiceException conflict = http(409, "EntityAlreadyExists");
        assertThatThrownBy(() -> THREE_ATTEMPTS.run("create job", () -> {
            calls.incrementAndGet();
            throw conflict;
        })).isSameAs(conflict);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anInterruptDuringBackoffStopsRetryingAndKeepsTheFlag() {
        StorageCalls slow = new StorageCalls(5, Duration.ofSeconds(30), Duration.ofSeconds(30));
        AtomicInteger calls = new AtomicInteger();
        try {
            assertThatThrownBy(() -> slow.run("read a job", () -> {
                calls.incrementAndGet();
                Thread.currentThread().interrupt();
                throw http(503);
            })).isInstanceOf(JobStoreUnavailableException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(calls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }
}
