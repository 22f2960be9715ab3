package dev.asyncapi.examples.audit;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Day-first date parsing and the validation of the reference scenario's query parameters.
 *
 * <p>Accepted forms of a date (surrounding blanks are ignored):
 * <ul>
 *   <li>{@code d/M/yyyy}: day, month, four-digit year; day and month take one or two digits, so
 *       {@code 10/08/2021}, {@code 10/8/2021}, {@code 1/8/2021} and {@code 01/08/2021} all work
 *       ({@code dd/MM/yyyy} is a special case). {@code 10/08/2021} is 10 August 2021.</li>
 *   <li>the same with {@code -} or {@code .} as separator: {@code 10-08-2021}, {@code 10.08.2021}
 *       (one separator throughout);</li>
 *   <li>ISO {@code yyyy-MM-dd}: {@code 2021-08-10}.</li>
 * </ul>
 * Anything else, and impossible dates such as {@code 31/02/2021}, is an invalid format.
 *
 * <p>Thread-safe (stateless).
 */
public final class AuditDates {

    /** Message for a missing or blank start date. */
    public static final String EMPTY_START = "Empty start date.";
    /** Message for a start date in no accepted form. */
    public static final String INVALID_START = "Invalid start date format.";
    /** Message for a missing or blank end date. */
    public static final String EMPTY_END = "Empty end date.";
    /** Message for an end date in no accepted form. */
    public static final String INVALID_END = "Invalid end date format.";
    /** Message for an end date not at least one day after the start, or a range longer than allowed. */
    public static final String INVALID_RANGE = "Invalid date range.";

    /** Default longest range, in days including both ends: {@value}. */
    public static final int DEFAULT_MAX_DAYS = 366;

    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})");
    private static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    private AuditDates() {
    }

    /**
     * Parses one date in an accepted form.
     *
     * @param text the text; may be null
     * @return the date, or empty if the text is in no accepted form or names no real day
     */
    public static Optional<LocalDate> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            Matcher m = DAY_FIRST.matcher(value);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(1))));
            }
            m = ISO.matcher(value);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))));
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Validates the {@code s} and {@code e} query parameters, reporting the first problem found in
     * this order: empty start, invalid start, empty end, invalid end, invalid range.
     *
     * @param start   the {@code s} parameter; may be null
     * @param end     the {@code e} parameter; may be null
     * @param maxDays the longest accepted range in days, both ends included
     * @return the query, or the exact error message
     * @throws IllegalArgumentException if {@code maxDays} is less than 2
     */
    public static Validation validate(String start, String end, int maxDays) {
        if (maxDays < 2) {
            throw new IllegalArgumentException("maxDays must be at least 2, but was " + maxDays);
        }
        if (start == null || start.isBlank()) {
            return Validation.error(EMPTY_START);
        }
        Optional<LocalDate> first = parse(start);
        if (first.isEmpty()) {
            return Validation.error(INVALID_START);
        }
        if (end == null || end.isBlank()) {
            return Validation.error(EMPTY_END);
        }
        Optional<LocalDate> last = parse(end);
        if (last.isEmpty()) {
            return Validation.error(INVALID_END);
        }
        if (!last.get().isAfter(first.get())
                || ChronoUnit.DAYS.between(first.get(), last.get()) + 1 > maxDays) {
            return Validation.error(INVALID_RANGE);
        }
        return new Validation(Optional.of(AuditQuery.of(first.get(), last.get())), Optional.empty());
    }

    /**
     * The outcome of {@link #validate}: exactly one of a query and an error message.
     *
     * @param query the valid query
     * @param error the message to answer with 400
     */
    public record Validation(Optional<AuditQuery> query, Optional<String> error) {

        /**
         * Checks that exactly one side is present.
         *
         * @throws IllegalArgumentException if both or neither are present
         */
        public Validation {
            if (query.isPresent() == error.isPresent()) {
                throw new IllegalArgumentException("exactly one of query and error must be present");
            }
        }

        private static Validation error(String message) {
            return new Validation(Optional.empty(), Optional.of(message));
        }
    }
}
