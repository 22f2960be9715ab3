package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.asyncapi.core.Engines.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AsyncJobsQueryTest {

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();

    private AsyncJobs engine(Duration retention) {
        return engines.start(b -> {
            b.store(store)
                    .register("double", Count.class, Doubled.class, (in, ctx) -> new Doubled(in.n() * 2))
                    .register("fail", Count.class, Doubled.class, (in, ctx) -> {
                        throw new JobFailedException("No", "never works");
                    });
            return retention == null ? b.keepJobsForever() : b.retention(retention);
        });
    }

    private Job run(AsyncJobs jobs, String type, String owner) throws InterruptedException {
        Job submitted = jobs.submit(type, new Count(1), SubmitOptions.builder().owner(owner).build());
        return jobs.await(submitted.id(), PATIENCE);
    }

    private static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::id).toList();
    }

    @Test
    void queryFiltersByTypeOwnerStatusAndCreationTime() throws Exception {
        AsyncJobs jobs = engine(null);
        Job a1 = run(jobs, "double", "alice");
        Job a2 = run(jobs, "fail", "alice");
        Job b1 = run(jobs, "double", "bob");

        assertThat(ids(jobs.query(JobQuery.builder().type("double").build()).jobs()))
                .containsExactlyInAnyOrder(a1.id(), b1.id());
        assertThat(ids(jobs.query(JobQuery.builder().owner("alice").build()).jobs()))
                .containsExactlyInAnyOrder(a1.id(), a2.id());
        assertThat(ids(jobs.query(JobQuery.builder().statuses(JobStatus.FAILED).build()).jobs()))
                .containsExactly(a2.id());
        assertThat(ids(jobs.query(JobQuery.builder().owner("alice").statuses(JobStatus.COMPLETED).build()).jobs()))
                .containsExactly(a1.id());
        assertThat(jobs.query(JobQuery.builder().createdBetween(null, a1.createdAt()).build()).jobs()).isEmpty();
        assertThat(ids(jobs.query(JobQuery.builder().createdBetween(a1.createdAt(), null).build()).jobs()))
                .containsExactlyInAnyOrder(a1.id(), a2.id(), b1.id());
        assertThat(jobs.query(JobQuery.builder().owner("carol").build()).jobs()).isEmpty();
    }

    @Test
    void pagingReturnsEveryMatchingJobExactlyOnce() throws Exception {
        AsyncJobs jobs = engine(null);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            expected.add(jobs.submit("double", new Count(i), SubmitOptions.builder().owner("alice").build()).id());
        }
        jobs.submit("double", new Count(99), SubmitOptions.builder().owner("bob").build());

        List<String> seen = new ArrayList<>();
        JobQuery query = JobQuery.builder().owner("alice").pageSize(3).build();
        int pages = 0;
        while (true) {
            JobPage page = jobs.query(query);
            pages++;
            assertThat(page.jobs()).hasSizeLessThanOrEqualTo(3);
            seen.addAll(ids(page.jobs()));
            if (page.continuationToken().isEmpty()) {
                break;
            }
            query = query.withContinuationToken(page.continuationToken().get());
        }

        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void malformedContinuationTokenIsRejected() {
        AsyncJobs jobs = engine(null);

        assertThatThrownBy(() -> jobs.query(JobQuery.builder().continuationToken("!!not-a-token").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continuation token");
    }

    @Test
    void purgeDeletesFinishedJobsOfTheGivenStatusesBeforeTheCutOff() throws Exception {
        AsyncJobs jobs = engine(null);
        Job completed = run(jobs, "double", "alice");
        Job failed = run(jobs, "fail", "alice");

        assertThat(jobs.purge(Set.of(JobStatus.COMPLETED), completed.finishedAt().orElseThrow())).isZero();
        assertThat(jobs.purge(Set.of(JobStatus.COMPLETED), Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(jobs.find(completed.id())).isEmpty();
        assertThat(jobs.find(failed.id())).isPresent();
        assertThat(jobs.purge(Set.of(), Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(jobs.find(failed.id())).isEmpty();
    }

    @Test
    void purgeRefusesNonTerminalStatuses() {
        AsyncJobs jobs = engine(null);

        assertThatThrownBy(() -> jobs.purge(Set.of(JobStatus.RUNNING), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Running");
    }

    @Test
    void retentionPurgesFinishedJobsOnceTheyAreOldEnough() throws Exception {
        AsyncJobs jobs = engine(Duration.ofSeconds(1));
        Job done = run(jobs, "double", "alice");
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);

        await().atMost(PATIENCE).until(() -> jobs.find(done.id()).isEmpty());
    }

    @Test
    void findOfAMalformedIdFindsNothing() {
        AsyncJobs jobs = engine(null);

        assertThat(jobs.find("../../etc")).isEmpty();
        assertThat(jobs.find(null)).isEmpty();
        assertThat(jobs.find(JobIds.newId())).isEmpty();
    }
}
