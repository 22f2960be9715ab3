package dev.asyncapi.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.wrapping.ForwardingJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What fails in the engine reaches the server log with its exception (and stack trace): {@code System.Logger}
 * goes to java.util.logging by default, where a handler sees each record's thrown exception.
 */
class AsyncJobsLoggingTest {

    @RegisterExtension
    final Engines engines = new Engines();

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("dev.asyncapi.core.internal.Run", "dev.asyncapi.core.internal.Sweeper");

    @Test
    void aFailedHandlerIsLoggedWithTheExceptionItThrew() throws Exception {
        IllegalStateException thrown = new IllegalStateException("disk on fire");
        AsyncJobs jobs = engines.start(b -> b.register("broken", Count.class, Doubled.class, (in, ctx) -> {
            throw thrown;
        }));

        Job done = jobs.await(jobs.submit("broken", new Count(1)).id(), PATIENCE);

        assertThat(done.failure()).contains(new JobFailure(JobFailure.HANDLER_FAILED, "the handler failed"));
        assertThat(logs.records()).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getThrown()).isSameAs(thrown);
            assertThat(r.getMessage()).contains(done.id()).contains("broken");
        });
    }

    @Test
    void anOutputThatCannotBeWrittenIsLoggedWithTheMappersException() throws Exception {
        AsyncJobs jobs = engines.start(b -> b.register("opaque", Count.class, Object.class, (in, ctx) -> new Object()));

        Job done = jobs.await(jobs.submit("opaque", new Count(1)).id(), PATIENCE);

        assertThat(done.failure().orElseThrow().code()).isEqualTo(JobFailure.OUTPUT_NOT_SERIALIZABLE);
        assertThat(logs.records()).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getThrown()).isInstanceOf(JsonProcessingException.class);
            assertThat(r.getMessage()).contains(done.id()).contains("java.lang.Object");
        });
    }

    @Test
    void aFailingSweepIsLoggedWithTheStoresException() {
        JobStoreUnavailableException outage = new JobStoreUnavailableException("down for the test");
        AtomicBoolean down = new AtomicBoolean(true);
        ForwardingJobStore failing = new ForwardingJobStore(new InMemoryJobStore()) {
            @Override
            protected void before(Call call, Job job) {
                if ((call == Call.FIND_DUE || call == Call.CLAIM_DUE) && down.get()) {
                    throw outage;
                }
            }
        };
        engines.start(b -> b.store(failing).sweepInterval(Duration.ofMillis(10))
                .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2)));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(logs.records()).anySatisfy(r -> {
            assertThat(r.getLoggerName()).isEqualTo("dev.asyncapi.core.internal.Sweeper");
            assertThat(r.getThrown()).isSameAs(outage);
        }));
        down.set(false);
    }
}
