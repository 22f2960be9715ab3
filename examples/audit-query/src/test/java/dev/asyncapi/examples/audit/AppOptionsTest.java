package dev.asyncapi.examples.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppOptionsTest {

    @Test
    void thePostgresStoreTakesItsDatabaseFromPostgresUrl() {
        AppOptions options = AppOptions.parse("--store=postgres", "--postgres-url=jdbc:postgresql://127.0.0.1:5432/jobs");

        assertThat(options.store()).isEqualTo(AppOptions.Store.POSTGRES);
        assertThat(options.postgresUrl()).contains("jdbc:postgresql://127.0.0.1:5432/jobs");
        assertThat(AppOptions.parse().postgresUrl()).isEmpty();
    }

    @Test
    void thePostgresStoreAndItsUrlGoTogether() {
        assertThatThrownBy(() -> AppOptions.parse("--store=postgres"))
                .hasMessage("--store=postgres and --postgres-url=jdbc:postgresql://... go together");
        assertThatThrownBy(() -> AppOptions.parse("--postgres-url=jdbc:postgresql://127.0.0.1/jobs"))
                .hasMessage("--store=postgres and --postgres-url=jdbc:postgresql://... go together");
        assertThatThrownBy(() -> AppOptions.parse("--store=postgres", "--postgres-url=postgres://127.0.0.1/jobs"))
                .hasMessage("--postgres-url must start with jdbc:postgresql:");
        assertThatThrownBy(() -> AppOptions.parse("--store=mysql"))
                .hasMessage("--store must be memory, azure-tables or postgres, but was: mysql");
    }
}
