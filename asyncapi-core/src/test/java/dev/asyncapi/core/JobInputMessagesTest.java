package dev.asyncapi.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asyncapi.core.TestTypes.Doubled;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The messages of refused inputs are shown to HTTP callers: each names the JSON path or position and
 * the kind of problem, and none names a Java type, whatever Jackson said.
 */
class JobInputMessagesTest {

    /** What a Java type, member or setting looks like in Jackson's messages. */
    private static final List<Pattern> JAVA_NAMES = List.of(
            Pattern.compile("[a-z]+\\.[a-z]+\\.[A-Z]"),
            Pattern.compile("\\$[A-Z]"),
            Pattern.compile("java\\."),
            Pattern.compile("com\\.fasterxml"),
            Pattern.compile("get[A-Z]\\w*\\(\\)"),
            Pattern.compile("[A-Z][a-z]+(Exception|Feature|Constraints|Node)\\b"),
            Pattern.compile("`"));

    @RegisterExtension
    final Engines engines = new Engines();

    private final InMemoryJobStore store = new InMemoryJobStore();
    private AsyncJobs jobs;
    private AsyncJobs strictJobs;

    /** A period of days. */
    record Period(String start, String end) {
    }

    /** A nested input with the common kinds of values. */
    record Report(Period period, int count, long total, List<Period> more, Map<String, Integer> limits,
                  boolean urgent, Color color, BigInteger big) {
    }

    /** An input whose constructor checks its value. */
    record Checked(int n) {
        Checked {
            if (n < 0) {
                throw new IllegalArgumentException("n must not be negative");
            }
        }
    }

    /** A closed set of values. */
    enum Color { RED, GREEN }

    @BeforeEach
    void start() {
        jobs = engines.start(b -> b.store(store)
                .submitOnly("report", Report.class)
                .submitOnly("checked", Checked.class)
                .submitOnly("tree", JsonNode.class)
                .submitOnly("object", ObjectNode.class));
        // a mapper that also refuses missing properties and nulls for primitives
        ObjectMapper strict = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        strictJobs = engines.start(b -> b.store(store).objectMapper(strict)
                .submitOnly("strict-report", Report.class)
                .submitOnly("strict-period", Period.class));
    }

    private AsyncJobs engineFor(String type) {
        return type.startsWith("strict-") ? strictJobs : jobs;
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("report", "", "the input is empty; send a JSON value such as {}"),
                arguments("report", "   ", "the input is empty; send a JSON value such as {}"),
                arguments("report", "{\"period\": }", "not well-formed JSON at line 1, column 12: unexpected character '}'"),
                arguments("report", "{\"count\":1", "not well-formed JSON at line 1, column 11: unexpected end of input"),
                arguments("report", "{\"count\":1} x", "not well-formed JSON at line 1, column 13: unexpected token 'x'"),
                arguments("report", "{\"count\":1} 2",
                        "not well-formed JSON at line 1, column 13: unexpected data after the JSON value"),
                arguments("report", "{\"count\":1}\n{}",
                        "not well-formed JSON at line 2, column 1: unexpected data after the JSON value"),
                arguments("report", "{\"count\":1,\"count\":2}",
                        "not well-formed JSON at line 1, column 19: duplicate property 'count'"),
                arguments("report", "{\"period\":{\"start\":\"a\",\"start\":\"b\"}}",
                        "not well-formed JSON at line 1, column 31: duplicate property 'start'"),
                arguments("report", "{'count':1}", "not well-formed JSON at line 1, column 2: unexpected character '''"),
                arguments("report", "{\"count\":1]", "not well-formed JSON at line 1, column 11: unexpected character ']'"),
                arguments("report", "\"\u0001\"",
                        "not well-formed JSON at line 1, column 2: a control character in a string must be escaped"),
                arguments("report", "{\"count\":01}", "not well-formed JSON at line 1, column 11: invalid number"),
                arguments("report", "nul", "not well-formed JSON at line 1, column 1: unexpected token 'nul'"),
                arguments("report", "[".repeat(1001) + "]".repeat(1001),
                        "the JSON nests deeper than the limit of 1000 levels"),
                arguments("tree", "{\"a\":".repeat(1001) + "1" + "}".repeat(1001),
                        "the JSON nests deeper than the limit of 1000 levels"),
                arguments("report", "{\"big\":" + "9".repeat(1001) + "}",
                        "a number in the JSON is longer than the limit of 1000 characters"));
    }

    static Stream<Arguments> unfit() {
        return Stream.of(
                arguments("report", "{\"period\":{\"start\":[1]}}", "$.period.start: expected a string, not an array"),
                arguments("report", "{\"period\":{\"start\":{}}}", "$.period.start: expected a string, not an object"),
                arguments("report", "{\"count\":\"abc\"}", "$.count: \"abc\" is not a number"),
                arguments("report", "{\"count\":99999999999}", "$.count: 99999999999 is out of range"),
                arguments("report", "{\"count\":1e400}", "$.count: the number is out of range"),
                arguments("report", "{\"total\":" + "9".repeat(30) + "}", "$.total: " + "9".repeat(30) + " is out of range"),
                arguments("report", "{\"count\":[]}", "$.count: expected a number, not an array"),
                arguments("strict-report", "{\"count\":null}", "$.count: expected a number, not null"),
                arguments("report", "{\"foo\":1}", "$: unknown property 'foo'"),
                arguments("report", "{\"period\":{\"zzz\":1}}", "$.period: unknown property 'zzz'"),
                arguments("report", "{\"more\":[{\"start\":\"a\"},{\"start\":{}}]}",
                        "$.more[1].start: expected a string, not an object"),
                arguments("report", "{\"more\":5}", "$.more: expected an array, not a number"),
                arguments("report", "{\"limits\":{\"k\":\"v\"}}", "$.limits.k: \"v\" is not a number"),
                arguments("report", "{\"limits\":{\"odd key\":[]}}", "$.limits['odd key']: expected a number, not an array"),
                arguments("report", "{\"urgent\":\"maybe\"}", "$.urgent: \"maybe\" is not true or false"),
                arguments("report", "{\"color\":\"PINK\"}", "$.color: \"PINK\" is not one of the allowed values"),
                arguments("report", "{\"big\":\"lots\"}", "$.big: \"lots\" is not a number"),
                arguments("report", "[1]", "$: expected an object, not an array"),
                arguments("report", "\"s\"", "$: expected an object, not a string"),
                arguments("report", "null", "$: the input must not be null"),
                arguments("strict-period", "{\"start\":\"a\"}", "$: missing required property 'end'"),
                arguments("strict-report", "{\"period\":{\"end\":\"a\"}}", "$.period: missing required property 'start'"),
                arguments("checked", "{\"n\":-1}", "$: n must not be negative"),
                arguments("checked", "{\"n\":\"x\"}", "$.n: \"x\" is not a number"),
                arguments("object", "[1]", "$: expected an object, not an array"),
                arguments("tree", "null", "$: the input must not be null"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformed")
    void malformedJsonIsMalformedAndSaysWhereWithoutJavaNames(String type, String json, String message) {
        MalformedJobInputException e = catchThrowableOfType(MalformedJobInputException.class,
                () -> engineFor(type).submitJson(type, json, SubmitOptions.none()));

        assertThat(e).as("refused as malformed").isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertNoJavaNames(e.getMessage());
        assertThat(store.size()).isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unfit")
    void wellFormedJsonThatDoesNotFitNamesThePathWithoutJavaNames(String type, String json, String message) {
        InvalidJobInputException e = catchThrowableOfType(InvalidJobInputException.class,
                () -> engineFor(type).submitJson(type, json, SubmitOptions.none()));

        assertThat(e).as("refused").isNotNull().isNotInstanceOf(MalformedJobInputException.class);
        assertThat(e.getMessage()).isEqualTo(message).startsWith("$");
        assertNoJavaNames(e.getMessage());
        if (!"null".equals(json)) {
            assertThat(e.getCause()).as("Jackson's exception, kept for logs").isNotNull();
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void aValueSubmittedFromJavaGetsTheSameMessages() {
        InvalidJobInputException e = catchThrowableOfType(InvalidJobInputException.class,
                () -> jobs.submit("report", Map.of("period", Map.of("start", List.of(1), "end", "x"))));

        assertThat(e.getMessage()).isEqualTo("$.period.start: expected a string, not an array");
        assertThat(catchThrowableOfType(InvalidJobInputException.class, () -> jobs.submit("report", null)))
                .hasMessage("$: the input must not be null");
    }

    @Test
    void aValueThatCannotBeWrittenAsJsonNamesNoType() {
        InvalidJobInputException e = catchThrowableOfType(InvalidJobInputException.class,
                () -> jobs.submit("tree", new Object()));

        assertThat(e.getMessage()).isEqualTo("the input cannot be written as JSON");
        assertThat(e.getCause()).isNotNull();
    }

    @Test
    void wellFormedInputIsStoredCompactAndBoundFromTheSameTree() throws Exception {
        AsyncJobs runner = engines.start(b -> b.store(store)
                .register("echo", Period.class, Doubled.class, (in, ctx) -> new Doubled(in.start().length())));

        Job job = runner.submitJson("echo", "{ \"start\" : \"2021-10-10\",\n \"end\" : \"x\" }", SubmitOptions.none());

        assertThat(job.inputJson()).isEqualTo("{\"start\":\"2021-10-10\",\"end\":\"x\"}");
        assertThat(runner.output(runner.await(job.id(), Engines.PATIENCE), Doubled.class)).contains(new Doubled(10));
    }

    private static void assertNoJavaNames(String message) {
        for (Pattern javaName : JAVA_NAMES) {
            assertThat(javaName.matcher(message).find()).as("%s matches %s", message, javaName).isFalse();
        }
    }
}
