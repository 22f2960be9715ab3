package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobQuery;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Custom routes keep a service's own URLs and bodies; the servlet variant and init-params serve the same contract. */
class CustomRoutesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reference scenario's bodies, as a service would render them. */
    private static final ResponseRenderer AUDIT = new ResponseRenderer() {
        @Override
        public RouteResponse accepted(Job job, RenderContext ctx) {
            String statusUri = ctx.statusUri(job.id()).toString();
            return RouteResponse.json(202, "{\"statusUri\": \"" + statusUri + "\"}")
                    .withHeader("Location", statusUri).withHeader("Retry-After", ctx.retryAfterSeconds());
        }

        @Override
        public RouteResponse notFound(RenderContext ctx) {
            return RouteResponse.json(404, "{\"error\": \"Job not found\"}");
        }
    };

    private static AsyncJobsHttp auditHttp(AsyncJobs jobs) {
        return AsyncJobsHttp.builder(jobs).withoutDefaultRoutes()
                .route(Route.builder("GET", "/api/submit/query")
                        .mapper(request -> {
                            Optional<String> start = request.queryParameter("s");
                            if (start.isEmpty() || !start.get().matches("\\d{2}/\\d{2}/\\d{4}")) {
                                return RouteAction.reject(400, "{\"error\": \"Invalid start date format.\"}");
                            }
                            return RouteAction.submit("echo", Map.of("start", start.get()));
                        })
                        .renderer(AUDIT)
                        .statusPath("/api/status/{id}")
                        .build())
                .route("GET", "/api/status/{id}", request -> RouteAction.status(request.pathVariable("id")), AUDIT)
                .route("GET", "/api/declined", request -> RouteAction.decline(), AUDIT)
                .build();
    }

    @Test
    void customRoutesReproduceTheAuditContractExactly() throws Exception {
        try (AsyncJobs jobs = TestJobs.start(); TestServer server = TestServer.withFilter(auditHttp(jobs))) {
            HttpResponse<String> invalid = server.get("/api/submit/query?s=2021-10-10&e=12/10/2021");
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).isEqualTo("{\"error\": \"Invalid start date format.\"}");
            assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/json"));
            assertThat(jobs.query(JobQuery.builder().build()).jobs()).isEmpty();

            HttpResponse<String> accepted = server.get("/api/submit/query?s=10/08/2021&e=12/08/2021");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String statusUri = JSON.readTree(accepted.body()).get("statusUri").asText();
            assertThat(statusUri).startsWith(server.root + "/api/status/");
            assertThat(accepted.body()).isEqualTo("{\"statusUri\": \"" + statusUri + "\"}");
            assertThat(accepted.headers().firstValue("Location")).contains(statusUri);
            assertThat(accepted.headers().firstValue("Retry-After")).contains("2");

            JsonNode status = JSON.readTree(server.get(statusUri.substring(server.root.toString().length()) + "?wait=10").body());
            assertThat(status.get("status").asText()).isEqualTo("Completed");
            assertThat(status.get("result").get("start").asText()).isEqualTo("10/08/2021");

            HttpResponse<String> unknown = server.get("/api/status/" + "f".repeat(32));
            HttpResponse<String> foreign = server.send(server.request(statusUri.substring(server.root.toString().length()))
                    .setHeader(TestServer.USER, "someone-else").GET().build());
            HttpResponse<String> malformed = server.get("/api/status/not..an..id");
            for (HttpResponse<String> r : java.util.List.of(unknown, foreign, malformed)) {
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).isEqualTo("{\"error\": \"Job not found\"}");
            }
            assertThat(server.get("/jobs/echo").body()).isEqualTo("downstream GET /jobs/echo");
            assertThat(server.get("/api/declined").body()).isEqualTo("downstream GET /api/declined");
            assertThat(server.send(server.request("/api/status/x").DELETE().build()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void servletVariantServesTheDefaultRoutesAndAnswers404Otherwise() throws Exception {
        try (AsyncJobs jobs = TestJobs.start();
             TestServer server = TestServer.start(50, ctx -> {
                 ServletHolder holder = new ServletHolder(new AsyncJobsServlet(AsyncJobsHttp.builder(jobs).build()));
                 holder.setAsyncSupported(true);
                 ctx.addServlet(holder, "/jobs/*");
             })) {
            String id = JSON.readTree(server.postJson("/jobs/echo", "{\"v\":1}").body()).get("id").asText();
            JsonNode status = JSON.readTree(server.get("/jobs/" + id + "?wait=10").body());
            HttpResponse<String> nothing = server.get("/jobs/a/b/c");

            assertThat(status.get("result").get("v").asInt()).isEqualTo(1);
            assertThat(nothing.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(nothing.body()).get("type").asText()).isEqualTo(ProblemType.RESOURCE_NOT_FOUND.uri().toString());
        }
    }

    @Test
    void initParamsConfigureTheFilterWithTheEngineFromAContextAttribute() throws Exception {
        try (AsyncJobs jobs = TestJobs.start();
             TestServer server = TestServer.start(50, ctx -> {
                 ctx.setAttribute(AsyncJobsHttp.DEFAULT_JOBS_ATTRIBUTE, jobs);
                 FilterHolder holder = new FilterHolder(AsyncJobsFilter.class);
                 holder.setAsyncSupported(true);
                 holder.setInitParameter(AsyncJobsHttp.PARAM_BASE_PATH, "/api/v1/jobs");
                 holder.setInitParameter(AsyncJobsHttp.PARAM_RETRY_AFTER_SECONDS, "5");
                 holder.setInitParameter(AsyncJobsHttp.PARAM_PROFILE, "see-other");
                 ctx.addFilter(holder, "/*", java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
             })) {
            HttpResponse<String> accepted = server.postJson("/api/v1/jobs/echo", "{}");

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(accepted.headers().firstValue("Retry-After")).contains("5");
            assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(
                    l -> assertThat(l).startsWith(server.root + "/api/v1/jobs/"));
            assertThat(server.get("/jobs/echo").body()).startsWith("downstream");
        }
    }
}
