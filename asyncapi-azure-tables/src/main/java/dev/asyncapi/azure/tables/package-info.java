/**
 * A durable {@link dev.asyncapi.core.spi.JobStore} on Azure Table Storage: {@link
 * dev.asyncapi.azure.tables.AzureTableJobStore}. Everything else in this package is internal.
 */
package dev.asyncapi.azure.tables;
