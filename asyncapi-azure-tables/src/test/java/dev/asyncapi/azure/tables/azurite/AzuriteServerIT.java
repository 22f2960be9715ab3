package dev.asyncapi.azure.tables.azurite;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.TableEntity;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzuriteServerIT {

    @Test
    void inMemoryServerAcceptsTheSdkAndStopsIdempotently() {
        AzuriteServer server = AzuriteServer.startInMemory();
        try {
            TableClient table = new TableServiceClientBuilder().connectionString(server.connectionString())
                    .buildClient().createTableIfNotExists("smoke");
            table.createEntity(new TableEntity("p", "r").addProperty("v", 1));
            assertThat(table.getEntity("p", "r").getProperty("v")).isEqualTo(1);
        } finally {
            server.stop();
        }
        server.stop();
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void persistentServerKeepsDataAcrossARestartOnTheSamePort(@TempDir Path data) {
        int port;
        try (AzuriteServer first = AzuriteServer.startPersistent(data, 0)) {
            port = first.port();
            new TableServiceClientBuilder().connectionString(first.connectionString()).buildClient()
                    .createTableIfNotExists("kept").createEntity(new TableEntity("p", "r").addProperty("v", "x"));
        }
        try (AzuriteServer second = AzuriteServer.startPersistent(data, port)) {
            TableClient table = new TableServiceClientBuilder().connectionString(second.connectionString())
                    .buildClient().getTableClient("kept");
            assertThat(table.getEntity("p", "r").getProperty("v")).isEqualTo("x");
        }
    }
}
