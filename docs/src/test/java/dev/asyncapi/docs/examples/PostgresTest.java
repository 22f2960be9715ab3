package dev.asyncapi.docs.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The Java blocks of docs/postgres.md, run on a real PostgreSQL server (the module's published harness). */
class PostgresTest {

    @Test
    void theStoreCreatesItsTablesAndKeepsTheJobs() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            String jdbcUrl = pg.jdbcUrl();
            String user = pg.user();
            String password = pg.password();

            // tag::postgres-store[]
            HikariDataSource pool = new HikariDataSource();             // or any DataSource: PGSimpleDataSource, a container's
            pool.setJdbcUrl(jdbcUrl);                                   // e.g. jdbc:postgresql://db:5432/app
            pool.setUsername(user);
            pool.setPassword(password);                                 // e.g. System.getenv("DB_PASSWORD")

            JobStore store = PostgresJobStore.builder(pool)
                    .schema("public")                // default
                    .tablePrefix("asyncapi_")        // default: tables asyncapi_jobs, asyncapi_schema_version
                    .createSchema(true)              // default: apply the shipped migrations at build()
                    .build();
            AsyncJobs jobs = AsyncJobs.builder().store(store)
                    .register("count", CountRequest.class, Long.class, Handlers::count)
                    .build();
            // end::postgres-store[]

            try {
                Job done = jobs.await(jobs.submit("count", new CountRequest("2021-08-01", "2021-08-06")).id(),
                        Duration.ofSeconds(30));
                assertThat(jobs.output(done, Long.class)).contains(6L);
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                     ResultSet rows = s.executeQuery("select status from public.asyncapi_jobs where id = '"
                             + done.id() + "'")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualToIgnoringCase("Completed");
                }
            } finally {
                jobs.close();
                store.close();
                pool.close();
            }
        }
    }

    @Test
    void theHarnessTourRuns() {
        // tag::postgres-test-harness[]
        try (PostgresServer pg = PostgresServer.start()) {      // or start(Map.of("max_connections", "200"))
            DataSource ds = pg.dataSource();                     // PGSimpleDataSource of database "asyncapi"
            String url = pg.jdbcUrl();                           // jdbc:postgresql://127.0.0.1:<port>/asyncapi
            pg.user(); pg.password();                            // the cluster's superuser
            pg.createDatabase("other"); pg.dataSource("other");
            pg.stop(); pg.startAgain();                          // same port, same data
        }                                                        // close(): stop and delete the data
        // end::postgres-test-harness[]
    }

    @Test
    void theHarnessDoesWhatItsCommentsSay() throws Exception {
        Path data;
        try (PostgresServer pg = PostgresServer.start()) {
            data = pg.dataDirectory();
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/asyncapi");
            try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table kept (n int)");
                s.execute("insert into kept values (42)");
            }
            int port = pg.port();

            pg.stop();
            pg.startAgain();

            assertThat(pg.port()).isEqualTo(port);
            try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("select n from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
        assertThat(Files.exists(data)).as("close() deletes the data").isFalse();
    }
}
