package dev.asyncapi.servlet;

import dev.asyncapi.core.AsyncJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncJobsHttpBuilderTest {

    private static AsyncJobs jobs;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
    }

    @AfterAll
    static void stop() {
        jobs.close();
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).build();

        assertThat(http.basePath()).isEqualTo("/jobs");
        assertThat(http.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(http.maxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(http.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(http.trustsForwardedHeaders()).isFalse();
        assertThat(http.managementRole()).isEmpty();
        assertThat(http.defaultRenderer()).isSameAs(ResponseRenderer.standard());
        assertThat(http.dashboardEnabled()).isFalse();
        assertThat(http.dashboardShowsInput()).isFalse();
    }

    @Test
    void shouldServeTheDashboardOnlyWithManagementAndTheDefaultRoutes() {
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).enableDashboard().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("enableManagement");
        RequestMapper mapper = r -> RouteAction.decline();
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).withoutDefaultRoutes().enableManagement("ops")
                .route("GET", "/x", mapper, ResponseRenderer.standard()).enableDashboard().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("default routes");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).enableManagement("ops").showInputInDashboard().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("enableDashboard()");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).enableDashboard().enableDashboard())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("dashboard was already set");
        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs).enableManagement("ops").enableDashboard()
                .showInputInDashboard().build();
        assertThat(http.dashboardEnabled()).isTrue();
        assertThat(http.dashboardShowsInput()).isTrue();
    }

    @Test
    void shouldValidateEagerlyNamingTheBadValue() {
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).basePath("/jobs/")).hasMessageContaining("'/jobs/'");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).basePath("/a/../b")).hasMessageContaining("'/a/../b'");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).maxBodyBytes(0)).hasMessageContaining("but was 0");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).maxWait(Duration.ofHours(2))).hasMessageContaining("PT2H");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).retryAfter(Duration.ZERO)).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).enableManagement(" ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> Route.builder("GET", "/a/{x}").statusPath("/s/{x}")).hasMessageContaining("{id}");
        assertThatThrownBy(() -> Route.builder("G E T", "/a")).hasMessageContaining("'G E T'");
    }

    @Test
    void shouldRefuseASettingMadeTwice() {
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).basePath("/a").basePath("/b"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set to /a");
        RequestMapper mapper = r -> RouteAction.decline();
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).route("GET", "/x", mapper, ResponseRenderer.standard())
                .route("get", "/x", mapper, ResponseRenderer.standard()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /x");
        assertThatThrownBy(() -> AsyncJobsHttp.builder(jobs).withoutDefaultRoutes().build())
                .isInstanceOf(IllegalStateException.class);
    }
}
