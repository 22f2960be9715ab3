package dev.asyncapi.core;

import dev.asyncapi.core.TestTypes.Count;
import dev.asyncapi.core.TestTypes.Doubled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefinitionTest {

    private static final JobHandler<Count, Doubled> DOUBLE = (in, ctx) -> new Doubled(in.n() * 2);

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/type", "ümlaut",
            "x12345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsMalformedTypeNamesNamingThem(String type) {
        assertThatThrownBy(() -> JobDefinition.builder(type, Count.class, Doubled.class, DOUBLE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + type.substring(0, Math.min(10, type.length())));
        assertThat(JobDefinition.isValidTypeName(type)).isFalse();
    }

    @Test
    void acceptsTypeNamesOfLettersDigitsDotDashUnderscore() {
        assertThat(JobDefinition.isValidTypeName("audit.count-v2_x")).isTrue();
        assertThat(JobDefinition.builder("audit.count-v2_x", Count.class, Doubled.class, DOUBLE).build().type())
                .isEqualTo("audit.count-v2_x");
    }

    @Test
    void rejectsNullArgumentsNamingThem() {
        assertThatThrownBy(() -> JobDefinition.builder(null, Count.class, Doubled.class, DOUBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("type");
        assertThatThrownBy(() -> JobDefinition.builder("t", null, Doubled.class, DOUBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("inputType");
        assertThatThrownBy(() -> JobDefinition.builder("t", Count.class, null, DOUBLE))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("outputType");
        assertThatThrownBy(() -> JobDefinition.builder("t", Count.class, Doubled.class, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("handler");
    }

    @Test
    void rejectsTimeoutThatIsNotPositive() {
        var builder = JobDefinition.builder("t", Count.class, Doubled.class, DOUBLE);

        assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> builder.timeout(Duration.ofSeconds(-3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-3S");
        assertThatThrownBy(() -> builder.retryPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("retryPolicy");
    }

    @Test
    void defaultsToNoTimeoutAndNoRetries() {
        JobDefinition<Count, Doubled> definition = JobDefinition.builder("t", Count.class, Doubled.class, DOUBLE).build();

        assertThat(definition.timeout()).isEmpty();
        assertThat(definition.retryPolicy()).isSameAs(RetryPolicy.none());
        assertThat(definition.inputType()).isEqualTo(Count.class);
        assertThat(definition.outputType()).isEqualTo(Doubled.class);
    }

    @Test
    void refusesNullInputsUnlessTold() {
        assertThat(JobDefinition.builder("t", Count.class, Doubled.class, DOUBLE).build().acceptsNullInput()).isFalse();
        assertThat(JobDefinition.builder("t", Count.class, Doubled.class, DOUBLE).acceptsNullInput().build()
                .acceptsNullInput()).isTrue();
    }
}
