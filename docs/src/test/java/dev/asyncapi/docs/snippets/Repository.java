package dev.asyncapi.docs.snippets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The repository's files that hold regions and quotes, found from its root. */
public final class Repository {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".build", "node_modules", ".git", ".idea");

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    /**
     * The repository whose root the build names in the system property {@code asyncapi.repository.root}.
     *
     * @return the repository
     * @throws IllegalStateException if the property is missing or does not name the repository's root
     */
    public static Repository fromBuild() {
        String property = System.getProperty("asyncapi.repository.root");
        if (property == null) {
            throw new IllegalStateException("system property asyncapi.repository.root is not set (docs/pom.xml sets it)");
        }
        Path root = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isDirectory(root.resolve("asyncapi-core"))) {
            throw new IllegalStateException("asyncapi.repository.root=" + root + " is not the repository's root");
        }
        return new Repository(root);
    }

    /** {@return every Java file under a {@code src/test/java} folder, relative to the root} */
    public List<Path> testSources() {
        return files(path -> path.toString().endsWith(".java") && path.toString().contains("/src/test/java/"));
    }

    /** {@return every Java file under a {@code src/main/java} folder, relative to the root} */
    public List<Path> mainSources() {
        return files(path -> path.toString().endsWith(".java") && path.toString().contains("/src/main/java/"));
    }

    /**
     * {@return every Markdown file at the root (README.md, CHANGELOG.md, CONTRIBUTING.md) and under docs/, relative
     * to the root}
     */
    public List<Path> markdown() {
        return files(path -> path.toString().endsWith(".md")
                && (path.getNameCount() == 1 || path.startsWith("docs")));
    }

    /**
     * Reads a file of the repository.
     *
     * @param file the file, relative to the root
     * @return its text, with line ends normalised to {@code \n}
     */
    public String read(Path file) {
        try {
            return Files.readString(root.resolve(file), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> files(Predicate<Path> wanted) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    return SKIPPED_DIRECTORIES.contains(String.valueOf(directory.getFileName()))
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    Path relative = root.relativize(file);
                    if (wanted.test(relative)) {
                        found.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(null);
        return List.copyOf(found);
    }
}
