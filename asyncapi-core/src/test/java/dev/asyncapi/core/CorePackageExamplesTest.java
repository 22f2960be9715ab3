package dev.asyncapi.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the example quoted in the overview of {@code dev.asyncapi.core} (its package-info). */
class CorePackageExamplesTest {

    /** The example's input. */
    record Resize(String image, int width) {
    }

    /** The example's output. */
    record Resized(String url) {
    }

    @Test
    void registerSubmitAndAwait() throws Exception {
        // tag::core-submit-await[]
        AsyncJobs jobs = AsyncJobs.builder()
                .register(JobDefinition.builder("resize", Resize.class, Resized.class, (input, ctx) -> {
                            ctx.reportProgress(Map.of("step", "scaling"));
                            return new Resized("https://img.example.com/" + input.image() + "?w=" + input.width());
                        })
                        .timeout(Duration.ofMinutes(5))
                        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build())
                        .build())
                .build();

        Job job = jobs.submit("resize", new Resize("cat.png", 320));
        Job done = jobs.await(job.id(), Duration.ofSeconds(30));
        if (done.status() == JobStatus.COMPLETED) {
            Resized resized = jobs.output(done, Resized.class).orElseThrow();
            System.out.println(resized.url());
        }
        jobs.close();
        // end::core-submit-await[]

        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(done.id()).isEqualTo(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, Resized.class))
                .contains(new Resized("https://img.example.com/cat.png?w=320"));
        assertThat(done.attempt()).isEqualTo(1);
    }
}
