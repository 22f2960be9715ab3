package dev.asyncapi.docs.examples;

/** The input of the "count" job type of the guides: a range of ISO dates, both ends included. */
public record CountRequest(String start, String end) {
}
