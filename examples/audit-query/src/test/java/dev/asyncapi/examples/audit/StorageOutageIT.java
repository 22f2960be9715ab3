package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.JobQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the Table Storage job store, an outage of the storage service is a 503 with {@code Retry-After} (never a
 * 500), a submit during it stores nothing, and everything answers again once the service is back.
 */
class StorageOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path azuriteData;

    @Test
    void aStorageOutageIs503AndTheJobIsStillThereAfterwards() throws Exception {
        AzuriteServer azurite = AzuriteServer.startPersistent(azuriteData, 0);
        int port = azurite.port();
        String connectionString = azurite.connectionString();
        AuditSeeder seeder = new AuditSeeder(LocalDate.of(2021, 8, 10), 2, 50);
        seeder.seed(AuditTables.serviceClient(connectionString, StorageOptions.defaults()));
        try (AuditQueryServer app = AuditQueryServer.start(AppOptions.parse("--port=0", "--store=azure-tables"),
                connectionString, StorageOptions.defaults())) {
            String statusPath = URI.create(JSON.readTree(get(app, "/api/submit/query?s=10/08/2021&e=11/08/2021").body())
                    .path("statusUri").asText()).getPath();
            JsonNode done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> JSON.readTree(get(app, statusPath).body()), s -> s.path("status").asText().equals("Completed"));
            long count = done.path("result").asLong();

            azurite.stop();

            HttpResponse<String> duringOutage = get(app, statusPath);
            assertThat(duringOutage.statusCode()).isEqualTo(503);
            assertThat(duringOutage.headers().firstValue("Retry-After")).isPresent();
            assertThat(duringOutage.body()).doesNotContain("Exception").doesNotContain("AccountKey");
            HttpResponse<String> submitDuringOutage = get(app, "/api/submit/query?s=10/08/2021&e=11/08/2021");
            assertThat(submitDuringOutage.statusCode()).isEqualTo(503);

            azurite = AzuriteServer.startPersistent(azuriteData, port);

            HttpResponse<String> afterwards = get(app, statusPath);
            assertThat(afterwards.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(afterwards.body()).path("result").asLong()).isEqualTo(count)
                    .isEqualTo(seeder.expectedCount(new AuditQuery("2021-08-10", "2021-08-11")));
            try (AzureTableJobStore store = AzureTableJobStore.builder().connectionString(connectionString).build()) {
                assertThat(store.query(JobQuery.builder().build()).jobs())
                        .as("the submit refused during the outage left no job behind").hasSize(1);
            }
        } finally {
            azurite.close();
        }
    }

    private static HttpResponse<String> get(AuditQueryServer server, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
