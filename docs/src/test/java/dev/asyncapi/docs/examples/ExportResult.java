package dev.asyncapi.docs.examples;

/** The output of the "export" job type of deployment.md. */
public record ExportResult(String table, String url) {
}
