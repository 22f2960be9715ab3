package dev.asyncapi.examples.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class AuditDatesTest {

    @ParameterizedTest
    @CsvSource({"10/08/2021", "10/8/2021", "10-08-2021", "10.08.2021", "2021-08-10", "' 10/08/2021 '"})
    void readsDayFirst(String text) {
        assertThat(AuditDates.parse(text)).contains(LocalDate.of(2021, 8, 10));
    }

    @Test
    void readsSingleDigitDayAndMonth() {
        assertThat(AuditDates.parse("1/2/2021")).contains(LocalDate.of(2021, 2, 1));
    }

    @ParameterizedTest
    @CsvSource({"31/02/2021", "10/13/2021", "10/08/21", "2021/08/10", "10/08-2021", "08/10/2021x", "tomorrow",
            "100/08/2021", "2021-8-10"})
    void rejectsOtherForms(String text) {
        assertThat(AuditDates.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "NULL, 12/08/2021, Empty start date.",
            "'  ', 12/08/2021, Empty start date.",
            "32/08/2021, 12/08/2021, Invalid start date format.",
            "10/08/2021, NULL, Empty end date.",
            "10/08/2021, '', Empty end date.",
            "10/08/2021, 2021.08.12, Invalid end date format.",
            "10/08/2021, 10/08/2021, Invalid date range.",
            "12/08/2021, 10/08/2021, Invalid date range.",
            "01/01/2020, 01/01/2022, Invalid date range.",
            "'', garbage, Empty start date."})
    void reportsTheFirstProblem(String start, String end, String message) {
        assertThat(AuditDates.validate(start, end, AuditDates.DEFAULT_MAX_DAYS).error()).contains(message);
    }

    @Test
    void anEndOneDayAfterTheStartIsTheShortestRange() {
        AuditDates.Validation v = AuditDates.validate("10/08/2021", "11/08/2021", AuditDates.DEFAULT_MAX_DAYS);

        assertThat(v.query()).contains(new AuditQuery("2021-08-10", "2021-08-11"));
        assertThat(v.query().orElseThrow().partitionKeys()).containsExactly("2021-08-10", "2021-08-11");
    }
}
