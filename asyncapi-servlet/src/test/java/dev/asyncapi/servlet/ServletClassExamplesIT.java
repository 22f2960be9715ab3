package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobRejectedException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the examples quoted in the class comments of {@code dev.asyncapi.servlet} ({@link Route},
 * {@link RouteResponse}, {@link ResponseRenderer}, {@link AsyncJobsServlet}, {@link AsyncJobsFilter}) on a real
 * Jetty over loopback.
 */
class ServletClassExamplesIT {

    /** The examples' input. */
    record ReportRequest(String month) {
    }

    /** The examples' output. */
    record Report(String month, long orders) {
    }

    /** The listener example's input. */
    record Greeting(String name) {
    }

    /** The listener example's output. */
    record Greeted(String text) {
    }

    private AsyncJobs jobs;

    @BeforeEach
    void startEngine() {
        jobs = AsyncJobs.builder()
                .register("report", ReportRequest.class, Report.class, (in, ctx) -> new Report(in.month(), 42))
                .build();
    }

    @AfterEach
    void closeEngine() {
        jobs.close();
    }

    @Test
    void routesKeepTheServicesOwnUrls() {
        // tag::servlet-route-own-urls[]
        Route submit = Route.builder("POST", "/api/reports")
                .mapper(request -> RouteAction.submitJson("report", request.bodyText()))
                .statusPath("/api/reports/{id}")                   // the Location of the 202
                .build();
        Route status = Route.builder("GET", "/api/reports/{id}")
                .mapper(request -> RouteAction.status(request.pathVariable("id")))
                .renderer(ResponseRenderer.seeOtherWhenCompleted())
                .resultPath("/api/reports/{id}/file")              // where the 303 points once Completed
                .build();
        Route file = Route.of("GET", "/api/reports/{id}/file",
                request -> RouteAction.result(request.pathVariable("id")), ResponseRenderer.standard());
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).route(submit).route(status).route(file).build();
        // end::servlet-route-own-urls[]

        try (TestServer server = TestServer.withFilter(http)) {
            HttpResponse<String> accepted = server.postJson("/api/reports", "{\"month\": \"2024-05\"}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String id = TestServer.json(accepted).get("id").asText();
            String location = accepted.headers().firstValue("Location").orElseThrow();
            assertThat(location).isEqualTo(server.root + "/api/reports/" + id);

            HttpResponse<String> completed = server.get("/api/reports/" + id + "?wait=10");
            assertThat(completed.statusCode()).isEqualTo(303);
            assertThat(completed.headers().firstValue("Location"))
                    .contains(server.root + "/api/reports/" + id + "/file");

            HttpResponse<String> result = server.get("/api/reports/" + id + "/file");
            assertThat(result.statusCode()).isEqualTo(200);
            JsonNode report = TestServer.json(result);
            assertThat(report.get("month").asText()).isEqualTo("2024-05");
            assertThat(report.get("orders").asLong()).isEqualTo(42);

            HttpResponse<String> wrongMethod = server.send(server.request("/api/reports/" + id).DELETE().build());
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(
                    allow -> assertThat(allow).contains("GET"));
        }
    }

    @Test
    void aMapperAnswersWithItsOwnResponse() {
        // tag::servlet-routeresponse-answer[]
        RouteResponse moved = RouteResponse.of(308)
                .withHeader("Location", "/api/reports")
                .withBody("text/plain", "Reports moved to /api/reports");
        RouteResponse retired = RouteResponse.json(410, "{\"error\": \"Version 0 was retired.\"}");
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .route("POST", "/api/v1/reports", request -> RouteAction.respond(moved), ResponseRenderer.standard())
                .route("POST", "/api/v0/reports", request -> RouteAction.respond(retired), ResponseRenderer.standard())
                .build();
        // end::servlet-routeresponse-answer[]

        try (TestServer server = TestServer.withFilter(http)) {
            HttpResponse<String> v1 = server.postJson("/api/v1/reports", "{\"month\": \"2024-05\"}");
            assertThat(v1.statusCode()).isEqualTo(308);
            assertThat(v1.headers().firstValue("Location")).hasValueSatisfying(
                    l -> assertThat(l).endsWith("/api/reports"));
            assertThat(v1.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain"));
            assertThat(v1.body()).isEqualTo("Reports moved to /api/reports");

            HttpResponse<String> v0 = server.postJson("/api/v0/reports", "{\"month\": \"2024-05\"}");
            assertThat(v0.statusCode()).isEqualTo(410);
            assertThat(v0.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/json"));
            assertThat(TestServer.json(v0).get("error").asText()).isEqualTo("Version 0 was retired.");
        }
        assertThat(jobs.query(JobQuery.builder().build()).jobs()).isEmpty();
    }

    @Test
    void aRendererShapesOnlyTheAnswersItOverrides() {
        // tag::servlet-responserenderer-own-bodies[]
        ResponseRenderer audit = new ResponseRenderer() {
            @Override
            public RouteResponse accepted(Job job, RenderContext ctx) {
                String statusUri = ctx.statusUri(job.id()).toString();
                return RouteResponse.json(202, "{\"statusUri\": \"" + statusUri + "\"}")
                        .withHeader("Location", statusUri)
                        .withHeader("Retry-After", ctx.retryAfterSeconds());
            }

            @Override
            public RouteResponse notFound(RenderContext ctx) {
                return RouteResponse.json(404, "{\"error\": \"Job not found\"}");
            }
        };
        // end::servlet-responserenderer-own-bodies[]
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .route(Route.builder("POST", "/api/reports")
                        .mapper(request -> RouteAction.submitJson("report", request.bodyText()))
                        .renderer(audit)
                        .statusPath("/api/reports/{id}")
                        .build())
                .route("GET", "/api/reports/{id}", request -> RouteAction.status(request.pathVariable("id")), audit)
                .build();

        try (TestServer server = TestServer.withFilter(http)) {
            HttpResponse<String> accepted = server.postJson("/api/reports", "{\"month\": \"2024-05\"}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode body = TestServer.json(accepted);
            assertThat(body.size()).isEqualTo(1);
            String statusUri = body.get("statusUri").asText();
            assertThat(statusUri).startsWith(server.root + "/api/reports/");
            assertThat(accepted.headers().firstValue("Location")).contains(statusUri);
            assertThat(accepted.headers().firstValue("Retry-After")).contains("2");

            HttpResponse<String> status = server.get(URI.create(statusUri).getPath() + "?wait=10");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(status).get("status").asText()).isEqualTo("Completed");

            HttpResponse<String> unknown = server.get("/api/reports/00000000000000000000000000000000");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("{\"error\": \"Job not found\"}");
        }
    }

    @Test
    void theServletServesItsMappingAndAnswers404Otherwise() {
        try (TestServer server = TestServer.start(50, context -> {
            // tag::servlet-asyncjobsservlet-mount[]
            AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).basePath("/api/jobs").build();
            ServletHolder holder = new ServletHolder(new AsyncJobsServlet(http));
            holder.setAsyncSupported(true);
            context.addServlet(holder, "/api/jobs/*");             // the base path, and everything below it
            // end::servlet-asyncjobsservlet-mount[]
        })) {
            HttpResponse<String> accepted = server.postJson("/api/jobs/report", "{\"month\": \"2024-05\"}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String id = TestServer.json(accepted).get("id").asText();
            assertThat(accepted.headers().firstValue("Location")).contains(server.root + "/api/jobs/" + id);

            JsonNode status = TestServer.json(server.get("/api/jobs/" + id + "?wait=10"));
            assertThat(status.get("status").asText()).isEqualTo("Completed");
            assertThat(status.get("result").get("orders").asLong()).isEqualTo(42);

            HttpResponse<String> nothing = server.get("/api/jobs/a/b/c");
            assertThat(nothing.statusCode()).isEqualTo(404);
            assertThat(TestServer.json(nothing).get("type").asText())
                    .isEqualTo(ProblemType.RESOURCE_NOT_FOUND.uri().toString());
            assertThat(server.get("/elsewhere").body()).isEqualTo("downstream GET /elsewhere");
        }
    }

    // tag::servlet-asyncjobsfilter-listener[]
    public class JobsListener implements ServletContextListener {
        private AsyncJobs jobs;

        @Override
        public void contextInitialized(ServletContextEvent event) {
            jobs = AsyncJobs.builder()
                    .register("greet", Greeting.class, Greeted.class, (in, ctx) -> new Greeted("Hello, " + in.name()))
                    .build();
            event.getServletContext().setAttribute(AsyncJobsHttp.DEFAULT_JOBS_ATTRIBUTE, jobs);
        }

        @Override
        public void contextDestroyed(ServletContextEvent event) {
            jobs.close();
        }
    }
    // end::servlet-asyncjobsfilter-listener[]

    /** The web.xml shown in {@link AsyncJobsFilter}'s comment, declared on Jetty: the same listener and init-params. */
    @Test
    void theFilterTakesItsSettingsFromInitParamsAndTheEngineFromTheListener() {
        JobsListener listener = new JobsListener();
        try (TestServer server = TestServer.start(50, context -> {
            context.addEventListener(listener);
            FilterHolder holder = new FilterHolder(AsyncJobsFilter.class);
            holder.setAsyncSupported(true);
            holder.setInitParameter("base-path", "/api/jobs");
            holder.setInitParameter("max-wait-seconds", "30");
            holder.setInitParameter("profile", "see-other");
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
        })) {
            HttpResponse<String> accepted = server.postJson("/api/jobs/greet", "{\"name\": \"Ada\"}");
            assertThat(accepted.statusCode()).isEqualTo(202);
            String id = TestServer.json(accepted).get("id").asText();
            assertThat(accepted.headers().firstValue("Location")).contains(server.root + "/api/jobs/" + id);

            HttpResponse<String> completed = server.get("/api/jobs/" + id + "?wait=10");
            assertThat(completed.statusCode()).isEqualTo(303);
            assertThat(completed.headers().firstValue("Location")).contains(server.root + "/api/jobs/" + id + "/result");
            assertThat(TestServer.json(server.get("/api/jobs/" + id + "/result")).get("text").asText())
                    .isEqualTo("Hello, Ada");
            assertThat(server.get("/jobs/greet").body()).isEqualTo("downstream GET /jobs/greet");
            assertThat(listener.jobs.find(id)).isPresent();
        }
        // Stopping the context closed the engine through the listener: it accepts no more work.
        assertThatThrownBy(() -> listener.jobs.submit("greet", new Greeting("Grace")))
                .isInstanceOf(JobRejectedException.class);
    }
}
