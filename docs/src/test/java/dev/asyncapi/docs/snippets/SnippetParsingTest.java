package dev.asyncapi.docs.snippets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetParsingTest {

    private static final Path FILE = Path.of("x/Example.java");

    /**
     * Writes the tag lines of a test's source as {@code #tag::} and {@code #end::}, so that the repository scan of
     * DocSnippetsTest does not take this file's examples for regions.
     */
    private static String source(String text) {
        return text.replace("#tag::", "// tag::").replace("#end::", "// end::");
    }

    @Test
    void aRegionIsItsLinesDedented() {
        String source = """
                class Example {
                    void run() {
                        #tag::demo[]
                        var jobs = build();

                        jobs.submit("a",
                                1);
                        #end::demo[]
                    }
                }
                """;
        List<Region> regions = SourceRegions.parse(FILE, source(source));
        assertThat(regions).singleElement().satisfies(region -> {
            assertThat(region.name()).isEqualTo("demo");
            assertThat(region.line()).isEqualTo(3);
            assertThat(region.lines()).containsExactly("var jobs = build();", "", "jobs.submit(\"a\",", "        1);");
        });
    }

    @Test
    void regionsMustBeClosedOnceAndNotNested() {
        assertThatThrownBy(() -> SourceRegions.parse(FILE, source("#tag::a[]\nx();\n")))
                .hasMessage("x/Example.java:1: region 'a' has no // end::a[] line");
        assertThatThrownBy(() -> SourceRegions.parse(FILE, source("x();\n#end::a[]\n")))
                .hasMessage("x/Example.java:2: region 'a' ends but was never started");
        assertThatThrownBy(() -> SourceRegions.parse(FILE, source("#tag::a[]\n#tag::b[]\n#end::b[]\n#end::a[]\n")))
                .hasMessage("x/Example.java:2: region 'b' starts inside region 'a'");
    }

    @Test
    void aMarkdownQuoteIsTheFenceAfterItsMarker() {
        String markdown = """
                Text.

                <!-- snippet: demo -->
                ```java
                var jobs = build();
                ```

                ```java
                unquoted();
                ```
                """;
        assertThat(DocQuotes.markdown(Path.of("README.md"), markdown)).singleElement().satisfies(quote -> {
            assertThat(quote.name()).isEqualTo("demo");
            assertThat(quote.line()).isEqualTo(3);
            assertThat(quote.lines()).containsExactly("var jobs = build();");
        });
        assertThat(DocQuotes.unquotedMarkdownJava(markdown)).containsExactly(8);
    }

    @Test
    void aMarkerWithoutItsBlockIsAnError() {
        assertThatThrownBy(() -> DocQuotes.markdown(Path.of("README.md"), "<!-- snippet: demo -->\n\n```java\nx\n```\n"))
                .hasMessage("README.md:1: the snippet marker of 'demo' must be followed at once by a ``` fence");
        assertThatThrownBy(() -> DocQuotes.javadoc(FILE, " * <!-- snippet: demo -->\n * <pre>{@code\n * x();\n */\n"))
                .hasMessage("x/Example.java:2: the block of 'demo' has no closing line holding only }</pre>");
    }

    @Test
    void aJavadocQuoteLosesItsCommentPrefixAndIndentation() {
        String javadoc = """
                /**
                 * Overview.
                 *
                 * <!-- snippet: demo -->
                 * <pre>{@code
                 * var jobs = build();
                 * if (ready) {
                 *     jobs.submit("a");
                 * }
                 * }</pre>
                 *
                 * <pre>{@code unquoted(); }</pre>
                 */
                package x;
                """;
        assertThat(DocQuotes.javadoc(FILE, javadoc)).singleElement().satisfies(quote -> {
            assertThat(quote.line()).isEqualTo(4);
            assertThat(quote.lines()).containsExactly("var jobs = build();", "if (ready) {", "    jobs.submit(\"a\");", "}");
        });
        assertThat(DocQuotes.unquotedJavadocCode(javadoc)).containsExactly(12);
    }

    @Test
    void aRegionAndItsQuoteAreEqualAfterNormalising() {
        Region region = SourceRegions.parse(FILE,
                source("        #tag::demo[]\n        a();\n            b();\n        #end::demo[]\n"))
                .get(0);
        Quote quote = DocQuotes.markdown(Path.of("d.md"), "<!-- snippet: demo -->\n```java\na();\n    b();\n```\n").get(0);
        Quote changed = DocQuotes.markdown(Path.of("d.md"), "<!-- snippet: demo -->\n```java\na();\n    c();\n```\n").get(0);
        assertThat(quote.lines()).isEqualTo(region.lines());
        assertThat(changed.lines()).isNotEqualTo(region.lines());
    }
}
