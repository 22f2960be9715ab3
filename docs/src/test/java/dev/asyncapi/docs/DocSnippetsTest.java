package dev.asyncapi.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncapi.docs.snippets.DocQuotes;
import dev.asyncapi.docs.snippets.Quote;
import dev.asyncapi.docs.snippets.Region;
import dev.asyncapi.docs.snippets.Repository;
import dev.asyncapi.docs.snippets.SourceRegions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The code that README.md, docs/*.md and the Javadoc (package overviews and class comments) show is the code the build
 * compiles: each shown block quotes a region of a test source, and must equal it.
 */
class DocSnippetsTest {

    private static Repository repository;
    private static Map<String, Region> regions;
    private static List<Quote> quotes;

    @BeforeAll
    static void readRepository() {
        repository = Repository.fromBuild();
        regions = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Path source : repository.testSources()) {
            for (Region region : SourceRegions.parse(source, repository.read(source))) {
                Region earlier = regions.putIfAbsent(region.name(), region);
                if (earlier != null) {
                    duplicates.add(region.name() + " at " + earlier.location() + " and " + region.location());
                }
            }
        }
        assertThat(duplicates).as("region names used twice").isEmpty();
        quotes = new ArrayList<>();
        for (Path doc : repository.markdown()) {
            quotes.addAll(DocQuotes.markdown(doc, repository.read(doc)));
        }
        for (Path source : repository.mainSources()) {
            quotes.addAll(DocQuotes.javadoc(source, repository.read(source)));
        }
    }

    @Test
    void everyQuoteEqualsTheRegionItNames() {
        List<String> problems = new ArrayList<>();
        for (Quote quote : quotes) {
            Region region = regions.get(quote.name());
            if (region == null) {
                problems.add(quote.location() + " quotes '" + quote.name() + "', which no test source defines");
            } else if (!region.lines().equals(quote.lines())) {
                problems.add(quote.location() + " differs from " + region.location() + ": "
                        + firstDifference(region.lines(), quote.lines()));
            }
        }
        assertThat(problems).as("quotes that are not their region").isEmpty();
    }

    @Test
    void everyJavaBlockOfTheMarkdownIsAQuote() {
        List<String> unquoted = new ArrayList<>();
        for (Path doc : repository.markdown()) {
            for (int line : DocQuotes.unquotedMarkdownJava(repository.read(doc))) {
                unquoted.add(doc + ":" + line);
            }
        }
        assertThat(unquoted).as("```java blocks without a <!-- snippet: name --> line before them").isEmpty();
    }

    @Test
    void everyCodeBlockOfTheJavadocIsAQuote() {
        List<String> unquoted = new ArrayList<>();
        for (Path source : repository.mainSources()) {
            for (int line : DocQuotes.unquotedJavadocCode(repository.read(source))) {
                unquoted.add(source + ":" + line);
            }
        }
        assertThat(unquoted).as("<pre>{@code blocks of main sources' Javadoc without a snippet marker").isEmpty();
    }

    @Test
    void everyRegionIsQuoted() {
        Set<String> unquoted = new TreeSet<>(regions.keySet());
        quotes.forEach(quote -> unquoted.remove(quote.name()));
        assertThat(unquoted).as("regions that no documentation quotes (quote them or remove the tags)").isEmpty();
    }

    @Test
    void theDocumentationQuotesCode() {
        assertThat(quotes).as("quotes found: the scan must see README.md and docs/").isNotEmpty();
        assertThat(quotes).extracting(quote -> quote.file().toString()).contains("README.md");
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "<no line>";
            String got = i < actual.size() ? actual.get(i) : "<no line>";
            if (!want.equals(got)) {
                return "line " + (i + 1) + " of the region is `" + want + "` but the quote has `" + got + "`";
            }
        }
        return "no difference";
    }
}
