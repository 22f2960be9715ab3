package dev.asyncapi.azure.tables;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ODataFilterTest {

    private static final List<String> HOSTILE = List.of("o'brien", "'", "''", "x' or RowKey ne '",
            "a') or (PartitionKey ne 'b", "' or true or '", "\u00e9t\u00e9'\ud83d\ude00", "");

    @Test
    void doublesSingleQuotesInsideTheLiteral() {
        assertThat(ODataFilter.literal("o'brien")).isEqualTo("'o''brien'");
        assertThat(ODataFilter.literal("'")).isEqualTo("''''");
        assertThat(ODataFilter.literal("")).isEqualTo("''");
        assertThat(ODataFilter.eq("owner", "x' or RowKey ne '")).isEqualTo("owner eq 'x'' or RowKey ne '''");
    }

    @Test
    void aHostileValueStaysOneLiteral() {
        for (String value : HOSTILE) {
            for (String term : List.of(ODataFilter.eq("owner", value), ODataFilter.ge("RowKey", value),
                    ODataFilter.lt("RowKey", value))) {
                // outside the literal only "<property> <op> " remains, and the literal decodes to the value
                int open = term.indexOf('\'');
                assertThat(term.substring(0, open)).as(term).matches("[A-Za-z]+ (eq|ge|lt) ");
                assertThat(term).as(term).endsWith("'");
                assertThat(decode(term.substring(open))).as(term).isEqualTo(value);
            }
        }
    }

    /** Reads one OData string literal that must span the whole text. */
    private static String decode(String literal) {
        StringBuilder value = new StringBuilder();
        int i = 1;
        while (true) {
            char c = literal.charAt(i);
            if (c == '\'') {
                if (i + 1 < literal.length() && literal.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                assertThat(i).as("the literal ends only at the end of %s", literal).isEqualTo(literal.length() - 1);
                return value.toString();
            }
            value.append(c);
            i++;
        }
    }

    @Test
    void combinesTermsInParentheses() {
        assertThat(ODataFilter.anyOf("status", List.of("Pending", "Running")))
                .isEqualTo("(status eq 'Pending' or status eq 'Running')");
        assertThat(ODataFilter.and(List.of("a eq 'x'", " ", "b lt 'y'"))).isEqualTo("(a eq 'x') and (b lt 'y')");
        assertThat(ODataFilter.and(List.of())).isEmpty();
    }

    @Test
    void refusesANullValue() {
        assertThatNullPointerException().isThrownBy(() -> ODataFilter.eq("owner", null))
                .withMessageContaining("filter value");
    }
}
