/**
 * A durable {@code JobStore} on Azure Table Storage: {@code dev.asyncapi.azure.tables.AzureTableJobStore}.
 * Only {@code dev.asyncapi.azure.tables}'s public types are API; the layout, filters, versions and retries
 * behind them are package-private.
 */
module dev.asyncapi.azure.tables {
    requires transitive dev.asyncapi.core;
    // the builder takes azure-core types (TokenCredential, HttpPipelinePolicy, TableServiceClient)
    requires transitive com.azure.data.tables;

    exports dev.asyncapi.azure.tables;
}
