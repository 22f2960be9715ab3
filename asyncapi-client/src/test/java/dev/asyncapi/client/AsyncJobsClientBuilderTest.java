package dev.asyncapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncJobsClientBuilderTest {

    private static final URI BASE = URI.create("http://127.0.0.1:8080/jobs");

    @Test
    void shouldRequireABaseUri() {
        assertThatThrownBy(() -> AsyncJobsClient.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("baseUri cannot be null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/jobs", "jobs", "ftp://host/jobs", "mailto:ops@example.com", "file:///jobs"})
    void shouldRefuseABaseUriThatIsNotAbsoluteHttpNamingIt(String uri) {
        assertThatThrownBy(() -> AsyncJobsClient.builder(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absolute http or https").hasMessageContaining("'" + uri + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://host/jobs?x=1", "http://host/jobs#top"})
    void shouldRefuseABaseUriWithQueryOrFragment(String uri) {
        assertThatThrownBy(() -> AsyncJobsClient.builder(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + uri + "'");
    }

    @Test
    void shouldRefuseABaseUriWithoutHost() {
        assertThatThrownBy(() -> AsyncJobsClient.builder(URI.create("http:///jobs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void shouldDropATrailingSlashAndBuildHandlesUnderTheBase() {
        AsyncJobsClient client = AsyncJobsClient.builder(URI.create("https://example.com/api/jobs/")).build();

        assertThat(client.baseUri()).hasToString("https://example.com/api/jobs");
        assertThat(client.handle("abc").statusUri()).hasToString("https://example.com/api/jobs/abc");
        assertThat(client.handle("a b/c").statusUri()).hasToString("https://example.com/api/jobs/a%20b%2Fc");
    }

    @Test
    void shouldRefuseASettingMadeTwiceNamingTheValueItHas() {
        AsyncJobsClient.Builder builder = AsyncJobsClient.builder(BASE).requestTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> builder.requestTimeout(Duration.ofSeconds(6)))
                .isInstanceOf(IllegalStateException.class).hasMessage("requestTimeout was already set to PT5S");
        builder.waiting(Waiting.polling());
        assertThatThrownBy(() -> builder.waiting(Waiting.longPoll())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waiting was already set to Waiting.polling(PT1S)");
        builder.terminateOnCancel(false);
        assertThatThrownBy(() -> builder.terminateOnCancel(true)).isInstanceOf(IllegalStateException.class)
                .hasMessage("terminateOnCancel was already set to false");
        builder.objectMapper(new ObjectMapper());
        assertThatThrownBy(() -> builder.objectMapper(new ObjectMapper())).isInstanceOf(IllegalStateException.class);
        builder.profile(ApiProfile.AZURE_LRO);
        assertThatThrownBy(() -> builder.profile(ApiProfile.STANDARD)).isInstanceOf(IllegalStateException.class)
                .hasMessage("profile was already set to AZURE_LRO");
    }

    @Test
    void shouldRequirePositiveTimeouts() {
        assertThatThrownBy(() -> AsyncJobsClient.builder(BASE).requestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestTimeout must be positive, was PT0S");
        assertThatThrownBy(() -> AsyncJobsClient.builder(BASE).connectTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("connectTimeout must be positive, was PT-1S");
        assertThatThrownBy(() -> AsyncJobsClient.builder(BASE).requestTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("requestTimeout cannot be null");
    }

    @Test
    void shouldRefuseAConnectTimeoutForAGivenHttpClient() {
        AsyncJobsClient.Builder builder = AsyncJobsClient.builder(BASE).httpClient(HttpClient.newHttpClient())
                .connectTimeout(Duration.ofSeconds(1));

        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connectTimeout applies to the HttpClient the client builds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Accept", "content-type", "Idempotency-Key", "Last-Event-ID", "Host", "Connection"})
    void shouldRefuseHeadersTheClientOrTheJdkSets(String name) {
        assertThatThrownBy(() -> AsyncJobsClient.builder(BASE).header(name, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void shouldRefuseMalformedOrRepeatedHeaders() {
        AsyncJobsClient.Builder builder = AsyncJobsClient.builder(BASE).header("Authorization", () -> "Bearer t");

        assertThatThrownBy(() -> builder.header("authorization", "other"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("header authorization was already added");
        assertThatThrownBy(() -> builder.header("Bad Name", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'Bad Name' is not an HTTP header name");
        assertThatThrownBy(() -> builder.header("X-Split", "a\r\nInjected: yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
    }

    @Test
    void shouldValidateSubmitArgumentsBeforeSendingAnything() {
        AsyncJobsClient client = AsyncJobsClient.builder(URI.create("http://127.0.0.1:9/jobs")).build();

        assertThatThrownBy(() -> client.submit(" ", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type cannot be blank");
        assertThatThrownBy(() -> client.submit("t", 1, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotencyKey must be 1 to 255");
        assertThatThrownBy(() -> client.submit("t", 1, "k\u00e9y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k\u00e9y'");
        assertThatThrownBy(() -> client.submit("t", new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be written as JSON");
        assertThatThrownBy(() -> client.handle("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.awaitResult(null, String.class)).isInstanceOf(NullPointerException.class)
                .hasMessage("handle cannot be null");
    }

    @Test
    void shouldValidateWaiting() {
        assertThatThrownBy(() -> Waiting.longPoll(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT1.5S");
        assertThatThrownBy(() -> Waiting.longPoll(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Waiting.polling(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poll interval must be positive, was PT0S");
        assertThat(Waiting.longPoll(Duration.ofSeconds(5)).duration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldValidateHandles() {
        assertThatThrownBy(() -> new JobHandle("id", URI.create("/jobs/id")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("statusUri must be absolute, was '/jobs/id'");
        assertThatThrownBy(() -> new JobHandle(" ", BASE)).isInstanceOf(IllegalArgumentException.class);
    }
}
