/**
 * A durable {@link dev.asyncapi.core.spi.JobStore} on PostgreSQL: {@link dev.asyncapi.postgres.PostgresJobStore},
 * and {@link dev.asyncapi.postgres.PostgresStoreException} for the database errors it does not retry. Everything
 * else in this package is internal.
 */
package dev.asyncapi.postgres;
