package dev.asyncapi.azure.tables.deployment;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A {@link RoleWorker} in its own JVM, started with this test run's class path. */
final class WorkerJvm implements AutoCloseable {

    /**
     * What a worker process runs and how.
     *
     * @param types   the job types it registers
     * @param workers its worker count
     * @param lease   its lease duration
     * @param sweep   its sweep interval
     */
    record Role(Set<String> types, int workers, Duration lease, Duration sweep) {
        Role {
            types = Set.copyOf(types);
        }
    }

    private final String workerId;
    private final Process process;
    private final Path runs;
    private final Path log;

    private WorkerJvm(String workerId, Process process, Path runs, Path log) {
        this.workerId = workerId;
        this.process = process;
        this.runs = runs;
        this.log = log;
    }

    static WorkerJvm start(Path dir, String connectionString, String table, String workerId, Role role) {
        Path runs = dir.resolve("runs-" + workerId + ".txt");
        Path log = dir.resolve("log-" + workerId + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", privateClassPath(dir), RoleWorker.class.getName(),
                table, workerId, runs.toString(), Long.toString(role.lease().toMillis()),
                Integer.toString(role.workers()), Long.toString(role.sweep().toMillis()),
                String.join(",", role.types())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(RoleWorker.CONNECTION_ENV, connectionString);
        try {
            Files.createDirectories(dir);
            Files.writeString(runs, "");
            return new WorkerJvm(workerId, builder.start(), runs, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId, e);
        }
    }

    /**
     * This run's class path, with the project's own jars from the local Maven repository copied into
     * {@code dir}: another build in the same checkout may reinstall them while a worker runs, and a JVM reads its
     * jars lazily, so a worker could otherwise load classes from a half-written jar.
     */
    private static synchronized String privateClassPath(Path dir) {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            String unix = path.toString().replace(File.separatorChar, '/');
            if (unix.contains("/repository/dev/asyncapi/") && unix.endsWith(".jar") && Files.isRegularFile(path)) {
                Path copy = dir.resolve("lib").resolve(path.getFileName());
                try {
                    if (!Files.exists(copy)) {
                        Files.createDirectories(copy.getParent());
                        Files.copy(path, copy);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + path, e);
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    String id() {
        return workerId;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the engine of the process is built (its workers and sweep run). */
    WorkerJvm awaitReady() {
        await().atMost(Duration.ofSeconds(90)).until(() -> log().contains("ready " + workerId) || !process.isAlive());
        if (!log().contains("ready " + workerId)) {
            throw new AssertionError("worker " + workerId + " exited before it was ready:\n" + log());
        }
        return this;
    }

    /** The complete lines of the runs file (a line still being written is left out). */
    List<RunEvent> runs() {
        try {
            String text = Files.readString(runs, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return Arrays.stream(text.substring(0, end).split("\n")).filter(l -> !l.isBlank()).map(RunEvent::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no lease release. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the worker to shut down gracefully; returns its exit code. */
    int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException alreadyGone) {
            // the process ended on its own; its exit code tells
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "worker " + workerId;
    }
}
