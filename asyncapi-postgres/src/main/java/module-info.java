/**
 * A durable {@code JobStore} on PostgreSQL: {@code dev.asyncapi.postgres.PostgresJobStore}, with
 * {@code LISTEN/NOTIFY} as its change feed. Only {@code dev.asyncapi.postgres}'s public types are API; the schema,
 * statements, retries and the listening thread behind them are package-private.
 */
module dev.asyncapi.postgres {
    requires transitive dev.asyncapi.core;
    // the builder takes a javax.sql.DataSource
    requires transitive java.sql;
    requires org.postgresql.jdbc;

    exports dev.asyncapi.postgres;
}
