package dev.asyncapi.client;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.servlet.AsyncJobsHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the example quoted in the overview of {@code dev.asyncapi.client} (its package-info) against a real engine
 * behind the servlet filter on Jetty, which wants a bearer token.
 */
class ClientPackageExamplesIT {

    private static final String TOKEN = "s3cr3t";

    /** The example's input, as the client writes it and the server binds it. */
    record Resize(String image, int width) {
    }

    /** The example's output. */
    record Resized(String url) {
    }

    @Test
    void submitAndWaitForATypedResult() throws Exception {
        Filter bearer = (request, response, chain) -> {
            if (!("Bearer " + TOKEN).equals(((HttpServletRequest) request).getHeader("Authorization"))) {
                ((HttpServletResponse) response).sendError(401);
                return;
            }
            chain.doFilter(request, response);
        };
        try (AsyncJobs jobs = AsyncJobs.builder()
                .register("resize", Resize.class, Resized.class,
                        (input, ctx) -> new Resized("https://img.example.com/" + input.image() + "?w=" + input.width()))
                .build();
             JettyServer server = JettyServer.start(AsyncJobsHttp.builder(jobs).build(), bearer)) {
            URI jobsUri = server.jobs();
            Supplier<String> accessToken = () -> TOKEN;

            // tag::client-submit-await[]
            AsyncJobsClient client = AsyncJobsClient.builder(jobsUri)
                    .header("Authorization", () -> "Bearer " + accessToken.get())
                    .build();

            JobHandle handle = client.submit("resize", new Resize("cat.png", 320));
            Resized resized = client.awaitResult(handle, Resized.class).get(2, TimeUnit.MINUTES);

            // or both in one call, without blocking a thread
            CompletableFuture<Resized> later = client.run("resize", new Resize("dog.png", 640), Resized.class);
            // end::client-submit-await[]

            assertThat(handle.statusUri().toString()).isEqualTo(jobsUri + "/" + handle.id());
            assertThat(jobs.find(handle.id())).isPresent();
            assertThat(resized).isEqualTo(new Resized("https://img.example.com/cat.png?w=320"));
            assertThat(later.get(2, TimeUnit.MINUTES)).isEqualTo(new Resized("https://img.example.com/dog.png?w=640"));
        }
    }
}
