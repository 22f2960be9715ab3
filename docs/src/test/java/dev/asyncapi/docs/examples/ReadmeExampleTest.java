package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** README.md's "Using the engine", run as a service that depends on the BOM alone would run it. */
class ReadmeExampleTest {

    /** The job's input: a range of ISO dates. */
    record CountRequest(String start, String end) {
    }

    /** The job's output. */
    record CountResult(long days) {
    }

    /** The work: the days of the range, both ends included. */
    static CountResult count(CountRequest input) {
        return new CountResult(ChronoUnit.DAYS.between(LocalDate.parse(input.start()), LocalDate.parse(input.end())) + 1);
    }

    @Test
    void theEngineRunsTheJobAndHandsBackItsTypedResult() throws Exception {
        // tag::readme-using-the-engine[]
        AsyncJobs jobs = AsyncJobs.builder()
                .register("count", CountRequest.class, CountResult.class,
                        (input, ctx) -> {
                            ctx.reportProgress(Map.of("step", 1));
                            return count(input);
                        })
                .build();                                  // in-memory store, at most AsyncJobs.defaultWorkers() jobs at once

        Job job = jobs.submit("count", new CountRequest("2021-10-10", "2021-10-12"));
        Job done = jobs.await(job.id(), Duration.ofSeconds(30));   // wakes as soon as the job finishes
        CountResult result = jobs.output(done, CountResult.class).orElseThrow();

        jobs.close();                                      // at shutdown: running jobs get 30 s to finish
        // end::readme-using-the-engine[]

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(result).isEqualTo(new CountResult(3));
    }
}
