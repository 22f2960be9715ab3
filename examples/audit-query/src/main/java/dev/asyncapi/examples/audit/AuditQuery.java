package dev.asyncapi.examples.audit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The input of an audit count job: an inclusive range of day partitions, as ISO dates
 * ({@code yyyy-MM-dd}, which is also the table's {@code PartitionKey} format).
 *
 * <p>Immutable. Built from user input with {@link AuditDates#validate}, which produces the
 * reference scenario's exact error messages; this constructor guards only the invariants a stored
 * job input must keep.
 *
 * @param start the first day, {@code yyyy-MM-dd}
 * @param end   the last day, {@code yyyy-MM-dd}, at least one day after {@code start}
 */
public record AuditQuery(String start, String end) {

    /**
     * Checks the two dates.
     *
     * @throws NullPointerException     if a date is null
     * @throws IllegalArgumentException if a date is not {@code yyyy-MM-dd} or end is not after start
     */
    public AuditQuery {
        LocalDate first = parseIso(Objects.requireNonNull(start, "start cannot be null"), "start");
        LocalDate last = parseIso(Objects.requireNonNull(end, "end cannot be null"), "end");
        if (!last.isAfter(first)) {
            throw new IllegalArgumentException("end must be after start, but was start=" + start + ", end=" + end);
        }
    }

    /**
     * Creates a query from two dates.
     *
     * @param start the first day
     * @param end   the last day, after {@code start}
     * @return the query
     * @throws IllegalArgumentException if end is not after start
     */
    public static AuditQuery of(LocalDate start, LocalDate end) {
        return new AuditQuery(start.toString(), end.toString());
    }

    /**
     * Returns the partition keys the query scans, first to last.
     *
     * @return the days from start to end inclusive, as {@code yyyy-MM-dd}
     */
    public List<String> partitionKeys() {
        LocalDate first = LocalDate.parse(start);
        long days = ChronoUnit.DAYS.between(first, LocalDate.parse(end)) + 1;
        List<String> keys = new ArrayList<>((int) days);
        for (long i = 0; i < days; i++) {
            keys.add(first.plusDays(i).toString());
        }
        return keys;
    }

    private static LocalDate parseIso(String value, String name) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be yyyy-MM-dd, but was: " + value, e);
        }
    }
}
