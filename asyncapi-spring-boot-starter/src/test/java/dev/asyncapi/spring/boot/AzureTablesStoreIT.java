package dev.asyncapi.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.spi.JobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code asyncapi.store.type=azure-tables} with a connection string, on a real Azurite (the azure-tables module's
 * test harness, started here directly: its JUnit extension is built for JUnit 6, Spring Boot 3.5 tests run on 5).
 */
@SpringBootTest(classes = ReleaseDateApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "server.address=127.0.0.1",
                "asyncapi.store.type=azure-tables",
                "asyncapi.store.azure-tables.table-name=springjobs",
                "asyncapi.store.azure-tables.shard-count=2",
                "management.endpoints.web.exposure.include=health",
                "management.endpoint.health.show-details=always"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AzureTablesStoreIT {

    private static AzuriteServer azurite;

    @LocalServerPort
    int port;
    @Autowired
    JobStore store;
    Http http;

    @BeforeAll
    static void startAzurite() {
        azurite = AzuriteServer.startInMemory();
    }

    @AfterAll
    static void stopAzurite() {
        if (azurite != null) {
            azurite.stop();
        }
    }

    @DynamicPropertySource
    static void connectionString(DynamicPropertyRegistry registry) {
        registry.add("asyncapi.store.azure-tables.connection-string", () -> azurite.connectionString());
    }

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    @Order(1)
    void jobSubmittedOverHttpIsStoredInTheTableAndCompletes() {
        JsonNode status = http.submitAndAwait("/jobs/release-date", "{\"year\": 2024, \"month\": 2, \"day\": 29}");

        assertThat(status.path("status").asText()).isEqualTo("Completed");
        assertThat(status.path("result").asText()).isEqualTo("2024-02-29");
        // read back through a store of our own on the same table: the job lives in Table Storage
        AzureTableJobStore reader = AzureTableJobStore.builder().connectionString(azurite.connectionString())
                .tableName("springjobs").shardCount(2).build();
        Job stored = reader.find(status.path("id").asText()).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(stored.outputJson()).hasValue("\"2024-02-29\"");
        assertThat(store).isInstanceOf(AzureTableJobStore.class);
    }

    @Test
    @Order(2)
    void healthIsUpWhileAzuriteRuns() {
        HttpResponse<String> response = http.get("/actuator/health/asyncapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).path("details").path("store").asText()).isEqualTo("reachable");
    }

    @Test
    @Order(3)
    void healthIsDownOnceTheStoreCannotBeReached() {
        azurite.stop();

        HttpResponse<String> response = http.get("/actuator/health/asyncapi");

        JsonNode health = Http.json(response);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("details").path("store").asText()).isEqualTo("unreachable");
        assertThat(response.body()).doesNotContain(AzuriteServer.ACCOUNT_KEY);
    }
}
