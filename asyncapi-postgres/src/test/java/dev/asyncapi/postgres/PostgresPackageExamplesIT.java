package dev.asyncapi.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example of the {@code dev.asyncapi.postgres} package overview, on a real PostgreSQL server, in a database of
 * its own so that the store's default schema and names are those a new application gets.
 */
@ExtendWith(PostgresExtension.class)
class PostgresPackageExamplesIT {

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private HikariDataSource dataSource;
    private PostgresJobStore store;
    private AsyncJobs jobs;

    PostgresPackageExamplesIT(PostgresServer postgres) {
        String database = TestSchemas.unique("example");
        postgres.createDatabase(database);
        this.jdbcUrl = postgres.jdbcUrl(database);
        this.user = postgres.user();
        this.password = postgres.password();
    }

    @AfterEach
    void close() {
        // the engine first, then the store, then the pool: each uses the next
        if (jobs != null) {
            jobs.close();
        }
        if (store != null) {
            store.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Test
    void buildsTheStoreOnAPooledDataSourceAndRunsAJobOnIt() throws Exception {
        // tag::postgres-build-store[]
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl); // jdbc:postgresql://host:5432/database
        config.setUsername(user);
        config.setPassword(password);
        HikariDataSource dataSource = new HikariDataSource(config);

        PostgresJobStore store = PostgresJobStore.builder(dataSource).build();
        AsyncJobs jobs = AsyncJobs.builder()
                .store(store)
                .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
                .build();

        Job done = jobs.await(jobs.submit("greet", "Ada").id(), Duration.ofSeconds(30));
        // end::postgres-build-store[]
        this.dataSource = dataSource;
        this.store = store;
        this.jobs = jobs;

        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.output(done, String.class)).contains("Hello, Ada");
        // build() created the schema: the job is a row of public.asyncapi_jobs
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT status FROM public.asyncapi_jobs WHERE id = ?")) {
            s.setString(1, done.id());
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("Completed");
            }
        }
    }
}
