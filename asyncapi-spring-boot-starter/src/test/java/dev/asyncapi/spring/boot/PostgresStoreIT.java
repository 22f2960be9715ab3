package dev.asyncapi.spring.boot;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code asyncapi.store.type=postgres} on the application's {@code DataSource}, on a real PostgreSQL server. */
class PostgresStoreIT {

    private static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void jobsLiveInTheApplicationsDatabaseUnderTheConfiguredNames() {
        DataSource dataSource = postgres.dataSource();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AsyncApiAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource)
                .withBean("today", JobDefinition.class, () -> JobDefinition.builder("today", String.class,
                        LocalDate.class, (input, ctx) -> LocalDate.parse(input)).build())
                .withPropertyValues("asyncapi.store.type=postgres", "asyncapi.store.postgres.table-prefix=spring_")
                .run(context -> {
                    AsyncJobs jobs = context.getBean(AsyncJobs.class);
                    Job done = jobs.await(jobs.submit("today", "2021-08-10").id(), Duration.ofSeconds(30));

                    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
                    assertThat(context.getBean(JobStore.class)).isInstanceOf(PostgresJobStore.class);
                    try (Connection connection = dataSource.getConnection();
                         ResultSet rows = connection.createStatement().executeQuery(
                                 "select status from spring_jobs where id = '" + done.id() + "'")) {
                        assertThat(rows.next()).isTrue();
                    }
                });
    }
}
