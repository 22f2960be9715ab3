package dev.asyncapi.docs.snippets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@code // tag::name[]} ... {@code // end::name[]} regions of one source file. */
public final class SourceRegions {

    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[]\\s*$");

    private SourceRegions() {
    }

    /**
     * Parses the regions of one file.
     *
     * @param file the file's path relative to the repository's root, for messages
     * @param text the file's text
     * @return its regions in the order they start
     * @throws IllegalArgumentException if a region is opened twice, closed without being opened, left open, or
     *                                  encloses another region's tag line
     */
    public static List<Region> parse(Path file, String text) {
        String[] lines = text.split("\n", -1);
        Map<String, Integer> open = new LinkedHashMap<>();
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher tag = TAG.matcher(lines[i]);
            if (!tag.matches()) {
                continue;
            }
            String name = tag.group(2);
            if (tag.group(1).equals("tag")) {
                if (!open.isEmpty()) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": region '" + name
                            + "' starts inside region '" + open.keySet().iterator().next() + "'");
                }
                open.put(name, i);
            } else {
                Integer start = open.remove(name);
                if (start == null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": region '" + name
                            + "' ends but was never started");
                }
                regions.add(new Region(name, file, start + 1,
                        Text.normalise(List.of(lines).subList(start + 1, i))));
            }
        }
        if (!open.isEmpty()) {
            String name = open.keySet().iterator().next();
            throw new IllegalArgumentException(file + ":" + (open.get(name) + 1) + ": region '" + name
                    + "' has no // end::" + name + "[] line");
        }
        return List.copyOf(regions);
    }
}
