package dev.asyncapi.docs.examples;

/** The input of the "export" job type of deployment.md. */
public record ExportRequest(String table) {
}
