package dev.asyncapi.servlet.internal;

import dev.asyncapi.servlet.HttpProblemException;
import dev.asyncapi.servlet.ProblemType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The query string, percent-decoded as strict UTF-8 ({@code +} is a space); a malformed one is a 400. */
final class QueryParameters {

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    static QueryParameters parse(String raw) {
        Map<String, List<String>> result = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = PathTemplate.percentDecode(eq < 0 ? pair : pair.substring(0, eq), true);
                String value = eq < 0 ? "" : PathTemplate.percentDecode(pair.substring(eq + 1), true);
                if (name == null || value == null) {
                    throw new HttpProblemException(ProblemType.INVALID_REQUEST,
                            "The query string is not valid percent-encoded UTF-8.");
                }
                result.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
        }
        return new QueryParameters(result);
    }

    /** Every value of a parameter, in order; empty if absent. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
