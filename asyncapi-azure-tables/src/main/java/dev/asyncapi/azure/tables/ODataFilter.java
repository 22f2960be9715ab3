package dev.asyncapi.azure.tables;

import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds OData filter expressions for Table queries. Every value goes through {@link #literal}, which doubles
 * single quotes, so a value can never end its string literal and widen a query.
 */
final class ODataFilter {

    private ODataFilter() {
    }

    /**
     * Quotes a value as an OData string literal.
     *
     * @param value any text, including quotes
     * @return the literal, e.g. {@code 'o''brien'}
     */
    static String literal(String value) {
        Objects.requireNonNull(value, "filter value cannot be null");
        return "'" + value.replace("'", "''") + "'";
    }

    /** {@code property eq 'value'}. */
    static String eq(String property, String value) {
        return property + " eq " + literal(value);
    }

    /** {@code property ge 'value'}. */
    static String ge(String property, String value) {
        return property + " ge " + literal(value);
    }

    /** {@code property lt 'value'}. */
    static String lt(String property, String value) {
        return property + " lt " + literal(value);
    }

    /** {@code (property eq 'a' or property eq 'b' ...)}. */
    static String anyOf(String property, Collection<String> values) {
        return values.stream().map(v -> eq(property, v)).collect(Collectors.joining(" or ", "(", ")"));
    }

    /** Joins the non-blank terms with {@code and}, each in parentheses. */
    static String and(Collection<String> terms) {
        return terms.stream().filter(t -> !t.isBlank()).map(t -> "(" + t + ")").collect(Collectors.joining(" and "));
    }
}
