package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.postgres.PostgresJobStore;
import dev.asyncapi.spring.boot.AsyncApiProperties;
import org.springframework.beans.factory.ListableBeanFactory;

import javax.sql.DataSource;

/** The PostgreSQL store from {@code asyncapi.store.postgres.*}, on the application's one {@link DataSource} bean. */
final class PostgresStores {

    private static final String PREFIX = "asyncapi.store.postgres.";

    private PostgresStores() {
    }

    static JobStore create(AsyncApiProperties.Postgres settings, ListableBeanFactory beans) {
        DataSource dataSource = beans.getBeanProvider(DataSource.class).getIfUnique();
        if (dataSource == null) {
            throw Properties.invalid("asyncapi.store.type", "the store type postgres needs exactly one DataSource bean"
                    + " (spring.datasource.* with spring-boot-starter-jdbc), but there are "
                    + beans.getBeanNamesForType(DataSource.class).length);
        }
        PostgresJobStore.Builder builder = PostgresJobStore.builder(dataSource);
        Properties.apply(PREFIX + "schema", settings.getSchema(), builder::schema);
        Properties.apply(PREFIX + "table-prefix", settings.getTablePrefix(), builder::tablePrefix);
        Properties.apply(PREFIX + "create-schema", settings.getCreateSchema(), builder::createSchema);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // the one rule build() checks: the schema and the prefix together make too long a name
            throw new dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException(PREFIX + "table-prefix",
                    settings.getTablePrefix(), e.getMessage(), e);
        }
    }
}
