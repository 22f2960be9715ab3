package dev.asyncapi.docs.examples;

import dev.asyncapi.core.JobContext;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The handlers the guides refer to as {@code Handlers::count} and {@code Handlers::export}. */
public final class Handlers {

    private Handlers() {
    }

    /**
     * Counts the days of the range, both ends included.
     *
     * @param input the range
     * @param ctx   the job's context
     * @return the number of days
     */
    public static Long count(CountRequest input, JobContext ctx) {
        return ChronoUnit.DAYS.between(LocalDate.parse(input.start()), LocalDate.parse(input.end())) + 1;
    }

    /**
     * Pretends to export a table.
     *
     * @param input the table
     * @param ctx   the job's context
     * @return where the export is
     */
    public static ExportResult export(ExportRequest input, JobContext ctx) {
        return new ExportResult(input.table(), "https://files.example.com/" + input.table() + ".csv");
    }
}
