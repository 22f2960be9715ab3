package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard over real HTTP on embedded Jetty: invisible (404) when off and to callers without the
 * management role, its security headers, and the anti-forgery defence of its actions.
 */
class DashboardHttpIT {

    private static final String PAGE = "/jobs/_dashboard";
    private static final String OVERVIEW = PAGE + "/api/overview";
    private static final List<String> GET_PATHS = List.of(PAGE, PAGE + "/dashboard.js", PAGE + "/dashboard.css",
            OVERVIEW, PAGE + "/api/jobs/00000000000000000000000000");

    private static AsyncJobs jobs;
    private static TestServer server;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).enableManagement("ops").enableDashboard().build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    private static HttpRequest.Builder operator(String path) {
        return server.request(path).setHeader(TestServer.USER, "admin").header(TestServer.ROLES, "ops");
    }

    /** The token the page is given, and the cookie that carries it. */
    private record Csrf(String token, String cookie) {
    }

    private static Csrf csrf() {
        HttpResponse<String> overview = server.send(operator(OVERVIEW).GET().build());
        assertThat(overview.statusCode()).isEqualTo(200);
        String setCookie = overview.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/jobs/_dashboard");
        return new Csrf(TestServer.json(overview).get("csrfToken").asText(), setCookie.split(";", 2)[0]);
    }

    private static HttpResponse<String> postAction(String path, Map<String, String> headers) {
        HttpRequest.Builder request = operator(path).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return server.send(request.build());
    }

    private static void assertProblem(HttpResponse<String> response, ProblemType type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(type.status());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(TestServer.json(response).get("type").asText()).isEqualTo(type.uri().toString());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("dev.asyncapi");
    }

    @Test
    void pageAndDataAreNotFoundWhenManagementOrTheDashboardIsOff() {
        try (AsyncJobs plainJobs = TestJobs.start();
             TestServer noManagement = TestServer.withFilter(AsyncJobsHttp.builder(plainJobs).build());
             TestServer noDashboard = TestServer.withFilter(AsyncJobsHttp.builder(plainJobs).enableManagement("ops").build())) {
            for (TestServer off : List.of(noManagement, noDashboard)) {
                for (String path : GET_PATHS) {
                    HttpResponse<String> answer = off.send(off.request(path).header(TestServer.ROLES, "ops").GET().build());
                    assertThat(answer.statusCode()).as(path).isEqualTo(404);
                    assertThat(answer.body()).doesNotContain("dashboard.js");
                }
                HttpResponse<String> purge = off.send(off.request(PAGE + "/api/purge?olderThanSeconds=0")
                        .header(TestServer.ROLES, "ops").POST(HttpRequest.BodyPublishers.noBody()).build());
                assertThat(purge.statusCode()).isEqualTo(404);
            }
        }
    }

    @Test
    void pageAndDataAreNotFoundWithoutTheRole() {
        Job job = jobs.submit("echo", Map.of("n", 1));
        for (String path : GET_PATHS) {
            HttpResponse<String> noRole = server.send(server.request(path).header(TestServer.ROLES, "users").GET().build());
            assertThat(noRole.statusCode()).as(path).isEqualTo(404);
            HttpResponse<String> anonymous = server.send(HttpRequest.newBuilder(server.root.resolve(path)).GET().build());
            assertThat(anonymous.statusCode()).as(path).isEqualTo(404);
        }
        Csrf csrf = csrf();
        HttpResponse<String> terminate = server.send(server.request(PAGE + "/api/jobs/" + job.id() + "/terminate")
                .header(TestServer.ROLES, "users").header("Cookie", csrf.cookie()).header("X-Asyncapi-Csrf", csrf.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(terminate.statusCode()).isEqualTo(404);
        HttpResponse<String> purge = server.send(server.request(PAGE + "/api/purge?olderThanSeconds=0")
                .header(TestServer.ROLES, "users").header("Cookie", csrf.cookie()).header("X-Asyncapi-Csrf", csrf.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(purge.statusCode()).isEqualTo(404);
        assertThat(jobs.find(job.id())).isPresent();
    }

    @Test
    void pageIsServedWithAStrictPolicyAndRevalidatedByETag() {
        HttpResponse<String> page = server.send(operator(PAGE).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertThat(policy).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.body()).contains("_dashboard/dashboard.js").doesNotContain("<script>").doesNotContain("http://")
                .doesNotContain("https://");
        String etag = page.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = server.send(operator(PAGE).header("If-None-Match", etag).GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
        HttpResponse<String> script = server.send(operator(PAGE + "/dashboard.js").GET().build());
        assertThat(script.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(script.body()).doesNotContain("innerHTML").doesNotContain("eval(");
        assertThat(server.send(operator(PAGE + "/nothing.js").GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void detailShowsFailureButNotInputUnlessAllowed() throws InterruptedException {
        Job failed = jobs.submit("fail", Map.of("secret", "s3cr3t"));
        jobs.await(failed.id(), Duration.ofSeconds(30));
        HttpResponse<String> detail = server.send(operator(PAGE + "/api/jobs/" + failed.id()).GET().build());
        JsonNode json = TestServer.json(detail);
        assertThat(json.get("status").asText()).isEqualTo("Failed");
        assertThat(json.get("failure").get("code").asText()).isEqualTo("Boom");
        assertThat(json.get("failure").get("message").asText()).isEqualTo("it failed on purpose");
        assertThat(json.get("inputShown").asBoolean()).isFalse();
        assertThat(detail.body()).doesNotContain("s3cr3t");
        assertThat(json.get("runMs").asLong()).isNotNegative();
        JsonNode gauges = TestServer.json(server.send(operator(OVERVIEW).GET().build())).get("gauges");
        assertThat(gauges.get("capacity").asInt()).isEqualTo(jobs.gauges().capacity()).isPositive();
        assertThat(gauges.get("admitted").asInt()).isEqualTo(gauges.get("running").asInt() + gauges.get("queued").asInt());
        assertProblem(server.send(operator(PAGE + "/api/jobs/not-a-job").GET().build()), ProblemType.JOB_NOT_FOUND);

        try (AsyncJobs showing = TestJobs.start();
             TestServer withInput = TestServer.withFilter(AsyncJobsHttp.builder(showing).enableManagement("ops")
                     .enableDashboard().showInputInDashboard().build())) {
            Job job = showing.submit("echo", Map.of("visible", "yes"));
            JsonNode shown = TestServer.json(withInput.send(withInput.request(PAGE + "/api/jobs/" + job.id())
                    .header(TestServer.ROLES, "ops").GET().build()));
            assertThat(shown.get("inputShown").asBoolean()).isTrue();
            assertThat(shown.get("input").get("visible").asText()).isEqualTo("yes");
        }
    }

    @Test
    void actionsAreRefusedWithoutTheTokenOrFromAnotherSite() {
        TestJobs.gate("http-csrf");
        Job running = jobs.submit("gated", Map.of("gate", "http-csrf"));
        String terminate = PAGE + "/api/jobs/" + running.id() + "/terminate";
        Csrf csrf = csrf();
        try {
            assertProblem(postAction(terminate, Map.of()), ProblemType.FORBIDDEN);
            assertProblem(postAction(terminate, Map.of("X-Asyncapi-Csrf", csrf.token())), ProblemType.FORBIDDEN);
            assertProblem(postAction(terminate, Map.of("Cookie", csrf.cookie())), ProblemType.FORBIDDEN);
            assertProblem(postAction(terminate, Map.of("Cookie", csrf.cookie(), "X-Asyncapi-Csrf", csrf().token())),
                    ProblemType.FORBIDDEN);
            assertProblem(postAction(terminate, Map.of("Cookie", csrf.cookie(), "X-Asyncapi-Csrf", csrf.token(),
                    "Origin", "https://evil.example")), ProblemType.FORBIDDEN);
            assertProblem(postAction(terminate, Map.of("Cookie", csrf.cookie(), "X-Asyncapi-Csrf", csrf.token(),
                    "Sec-Fetch-Site", "cross-site")), ProblemType.FORBIDDEN);
            assertProblem(postAction(PAGE + "/api/purge?olderThanSeconds=0", Map.of()), ProblemType.FORBIDDEN);
            assertThat(jobs.find(running.id()).orElseThrow().status()).isIn(JobStatus.PENDING, JobStatus.RUNNING);

            HttpResponse<String> done = postAction(terminate, Map.of("Cookie", csrf.cookie(),
                    "X-Asyncapi-Csrf", csrf.token(), "Origin", server.root.toString(), "Sec-Fetch-Site", "same-origin"));
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(TestServer.json(done).get("status").asText()).isEqualTo("Terminated");
            assertThat(jobs.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.TERMINATED);
            assertProblem(postAction(terminate, Map.of("Cookie", csrf.cookie(), "X-Asyncapi-Csrf", csrf.token())),
                    ProblemType.JOB_ALREADY_TERMINAL);
        } finally {
            TestJobs.open("http-csrf");
        }
    }

    @Test
    void behindAPublicBaseUriTheCookiePathAndTheOriginAreThePublicOnes() {
        try (AsyncJobs publicJobs = TestJobs.start();
             TestServer behind = TestServer.withFilter(AsyncJobsHttp.builder(publicJobs).enableManagement("ops")
                     .enableDashboard().publicBaseUri(java.net.URI.create("https://ops.example.com/app")).build())) {
            HttpResponse<String> overview = behind.send(behind.request(OVERVIEW).header(TestServer.ROLES, "ops").GET().build());
            String setCookie = overview.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).contains("Path=/app/jobs/_dashboard").contains("Secure");
            String cookie = setCookie.split(";", 2)[0];
            String token = TestServer.json(overview).get("csrfToken").asText();
            String purge = PAGE + "/api/purge?olderThanSeconds=0";
            HttpResponse<String> local = behind.send(behind.request(purge).header(TestServer.ROLES, "ops")
                    .header("Cookie", cookie).header("X-Asyncapi-Csrf", token).header("Origin", behind.root.toString())
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertProblem(local, ProblemType.FORBIDDEN);
            HttpResponse<String> viaPublic = behind.send(behind.request(purge).header(TestServer.ROLES, "ops")
                    .header("Cookie", cookie).header("X-Asyncapi-Csrf", token).header("Origin", "https://ops.example.com")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(viaPublic.statusCode()).as(viaPublic.body()).isEqualTo(200);
        }
    }

    @Test
    void purgeNeedsAValidAgeAndDeletesOnlyFinishedJobsOlderThanIt() throws InterruptedException {
        Csrf csrf = csrf();
        Map<String, String> token = Map.of("Cookie", csrf.cookie(), "X-Asyncapi-Csrf", csrf.token());
        for (String bad : List.of("", "-1", "abc", "99999999999999")) {
            HttpResponse<String> answer = postAction(PAGE + "/api/purge?olderThanSeconds=" + bad, token);
            assertProblem(answer, ProblemType.INVALID_REQUEST);
            assertThat(TestServer.json(answer).get("detail").asText()).contains("olderThanSeconds");
        }
        assertProblem(postAction(PAGE + "/api/purge", token), ProblemType.INVALID_REQUEST);

        Job finished = jobs.submit("echo", Map.of("n", 2));
        jobs.await(finished.id(), Duration.ofSeconds(30));
        HttpResponse<String> kept = postAction(PAGE + "/api/purge?olderThanSeconds=86400", token);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(jobs.find(finished.id())).isPresent();
        HttpResponse<String> purged = postAction(PAGE + "/api/purge?olderThanSeconds=0", token);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(purged).get("purged").asInt()).isPositive();
        assertThat(jobs.find(finished.id())).isEmpty();
    }
}
