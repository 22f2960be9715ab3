package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engines in roles on one store: a client-only API tier and workers that each run some types. */
class AsyncJobsRolesTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();
    /** Which worker ran which job, by job id. */
    private final ConcurrentHashMap<String, String> ranOn = new ConcurrentHashMap<>();

    private AsyncJobs client() {
        return engines.start(b -> b.store(store).submitOnly("alpha", Count.class).submitOnly("beta", Count.class)
                .submitOnly("gamma", Count.class));
    }

    private AsyncJobs worker(String name, String... types) {
        return engines.start(b -> {
            b.store(store).workerId(name).sweepInterval(Duration.ofMillis(20));
            for (String type : types) {
                b.register(type, Count.class, Doubled.class, (in, ctx) -> {
                    ranOn.put(ctx.jobId(), name + "/" + ctx.jobType());
                    return new Doubled(in.n() * 2);
                });
            }
            return b;
        });
    }

    @Test
    void clientOnlyEngineSubmitsAndWorkersRunOnlyTheTypesTheyRegistered() throws Exception {
        AsyncJobs client = client();
        worker("w-alpha", "alpha");
        worker("w-beta", "beta");
        assertThat(client.isClientOnly()).isTrue();
        assertThat(client.types()).isEmpty();

        List<Job> alphas = List.of(client.submit("alpha", new Count(1)), client.submit("alpha", new Count(2)));
        List<Job> betas = List.of(client.submit("beta", new Count(3)), client.submit("beta", new Count(4)));

        for (Job job : alphas) {
            Job done = client.await(job.id(), PATIENCE);
            assertThat(done.status()).as("%s", done.failure()).isEqualTo(JobStatus.COMPLETED);
            assertThat(ranOn.get(job.id())).isEqualTo("w-alpha/alpha");
        }
        for (Job job : betas) {
            Job done = client.await(job.id(), PATIENCE);
            assertThat(done.status()).as("%s", done.failure()).isEqualTo(JobStatus.COMPLETED);
            assertThat(ranOn.get(job.id())).isEqualTo("w-beta/beta");
        }
    }

    @Test
    void aTypeNoWorkerRunsStaysPendingUntilAWorkerForItStarts() throws Exception {
        AsyncJobs client = client();
        AsyncJobs alphaWorker = worker("w-alpha", "alpha");
        Job gamma = client.submit("gamma", new Count(5));
        // the alpha worker sweeps every 20 ms; once a later alpha job it found in the store completed, it has
        // swept after the gamma job was due and left it alone
        Job alpha = client.submit("alpha", new Count(6));
        assertThat(alphaWorker.await(alpha.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(client.await(gamma.id(), Duration.ofMillis(200))).satisfies(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.PENDING);
            assertThat(j.attempt()).isZero();
        });

        worker("w-gamma", "gamma");
        Job done = client.await(gamma.id(), PATIENCE);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ranOn.get(gamma.id())).isEqualTo("w-gamma/gamma");
    }

    @Test
    void aClientOnlyEngineTerminatesAJobAWorkerRuns() throws Exception {
        AsyncJobs client = client();
        Job pending = client.submit("beta", new Count(1));
        Job terminated = client.terminate(pending.id(), "not needed");
        assertThat(terminated.status()).isEqualTo(JobStatus.TERMINATED);
        worker("w-beta", "beta");
        Job later = client.submit("beta", new Count(2));
        assertThat(client.await(later.id(), PATIENCE).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(ranOn).doesNotContainKey(pending.id());
    }

    @Test
    void aWorkerRefusesToSubmitATypeItNeitherRunsNorDeclared() {
        AsyncJobs alphaWorker = worker("w-alpha", "alpha");
        assertThatThrownBy(() -> alphaWorker.submit("beta", new Count(1)))
                .isInstanceOf(UnknownJobTypeException.class).hasMessage("no handler is registered for job type 'beta'");
        assertThat(store.size()).isZero();
    }

    @Test
    void aSubmitOnlyTypeChecksItsInputAtSubmit() {
        AsyncJobs client = client();
        assertThatThrownBy(() -> client.submitJson("alpha", "{\"n\":\"not a number\"}", SubmitOptions.none()))
                .isInstanceOf(InvalidJobInputException.class).hasMessage("$.n: \"not a number\" is not a number");
        assertThat(store.size()).isZero();
    }

    @Test
    void builderRefusesATypeBothRegisteredAndDeclared() {
        AsyncJobs.Builder builder = AsyncJobs.builder().submitOnly("alpha", Count.class);
        assertThatThrownBy(() -> builder.register("alpha", Count.class, Doubled.class, (in, ctx) -> null))
                .isInstanceOf(IllegalStateException.class).hasMessage("job type alpha is already declared submitOnly");
        assertThatThrownBy(() -> AsyncJobs.builder().submitOnly("bad type!", Count.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad type!");
    }
}
