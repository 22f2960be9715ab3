package dev.asyncapi.postgres;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Builder validation; none of these tests touches a database. */
class PostgresJobStoreBuilderTest {

    /** A data source that fails the test if the store uses it. */
    private static final DataSource UNUSED = (DataSource) Proxy.newProxyInstance(
            PostgresJobStoreBuilderTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
                throw new AssertionError("the data source must not be used, but " + method.getName() + " was called");
            });

    private static PostgresJobStore.Builder builder() {
        return PostgresJobStore.builder(UNUSED).createSchema(false);
    }

    @Test
    void shouldRequireADataSource() {
        assertThatThrownBy(() -> PostgresJobStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource cannot be null");
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        PostgresJobStore store = builder().build();

        assertThat(store.schema()).isEqualTo("public");
        assertThat(store.tablePrefix()).isEqualTo("asyncapi_");
        assertThat(store.channel()).isEqualTo("public.asyncapi_jobs");
        assertThat(store).hasToString("PostgresJobStore[public.asyncapi_jobs]");
    }

    @Test
    void shouldRequirePlainLowerCaseNames() {
        assertThatThrownBy(() -> builder().schema("Jobs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Jobs'");
        assertThatThrownBy(() -> builder().schema("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().schema("a\"; drop table x; --")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().schema("1jobs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().schema("s".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().tablePrefix("my-")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().tablePrefix("p".repeat(48))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 47");
        assertThatThrownBy(() -> builder().schema(null)).isInstanceOf(NullPointerException.class);
        assertThat(builder().tablePrefix("").build().channel()).isEqualTo("public.jobs");
    }

    @Test
    void shouldRefuseASchemaAndPrefixTooLongTogetherForTheChannel() {
        PostgresJobStore.Builder b = builder().schema("s".repeat(40)).tablePrefix("p".repeat(20));

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel").hasMessageContaining("63");
    }

    @Test
    void shouldRequireValidTimeoutsAndSizes() {
        assertThatThrownBy(() -> builder().statementTimeout(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
        assertThatThrownBy(() -> builder().statementTimeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder().retry(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().retry(3, Duration.ofMillis(10), Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than delay");
        assertThatThrownBy(() -> builder().retry(3, Duration.ZERO, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().maxPayloadBytes(1023)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().maxPayloadBytes(PostgresJobStore.MAX_PAYLOAD_BYTES + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().purgeBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().purgeBatchSize(PostgresJobStore.MAX_PURGE_BATCH_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().listenerCheckInterval(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder().listenerDataSource(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shouldSendNothingWhenBuiltWithoutCreatingTheSchema() {
        PostgresJobStore store = builder().build();

        store.close();
        store.close();
    }

    @Test
    void shouldRenderTheSchemaScriptForItsNames() {
        String script = builder().schema("jobs").tablePrefix("x_").build().schemaScript();

        assertThat(script).contains("CREATE TABLE \"jobs\".\"x_jobs\"")
                .contains("CREATE INDEX \"x_jobs_due\" ON \"jobs\".\"x_jobs\" (type, due_at, id)")
                .contains("WHERE status IN ('Pending', 'Running')")
                .doesNotContain("${");
    }
}
