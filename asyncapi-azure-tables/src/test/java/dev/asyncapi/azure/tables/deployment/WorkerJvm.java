package dev.asyncapi.azure.tables.deployment;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.process.ChildJvm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final ChildJvm jvm;
    private final Path runs;

    private WorkerJvm(String workerId, ChildJvm jvm, Path runs) {
        this.workerId = workerId;
        this.jvm = jvm;
        this.runs = runs;
    }

    static WorkerJvm start(Path dir, String connectionString, String table, String workerId, Role role) {
        Path runs = dir.resolve("runs-" + workerId + ".txt");
        Path log = dir.resolve("log-" + workerId + ".txt");
        try {
            Files.createDirectories(dir);
            Files.writeString(runs, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId, e);
        }
        ChildJvm jvm = ChildJvm.start("worker " + workerId, List.of("-Xmx256m", "-XX:+UseSerialGC"),
                privateClassPath(dir), RoleWorker.class.getName(),
                List.of(table, workerId, runs.toString(), Long.toString(role.lease().toMillis()),
                        Integer.toString(role.workers()), Long.toString(role.sweep().toMillis()),
                        String.join(",", role.types())),
                Map.of(RoleWorker.CONNECTION_ENV, connectionString), log);
        return new WorkerJvm(workerId, jvm, runs);
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
        return jvm.isAlive();
    }

    /** Waits until the engine of the process is built (its workers and sweep run). */
    WorkerJvm awaitReady() {
        await().atMost(Duration.ofSeconds(90)).until(() -> log().contains("ready " + workerId) || !jvm.isAlive());
        if (!log().contains("ready " + workerId)) {
            throw new AssertionError("worker " + workerId + " exited before it was ready:\n" + log());
        }
        return this;
    }

    /** The complete lines of the runs file (a line still being written is left out). */
    List<RunEvent> runs() {
        return RunEvent.readComplete(runs);
    }

    String log() {
        return jvm.log();
    }

    /** SIGKILL: no shutdown hook, no lease release. */
    void kill() {
        jvm.kill();
    }

    /** Asks the worker to shut down gracefully; returns its exit code. */
    int stop() {
        return jvm.stop();
    }

    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return "worker " + workerId;
    }
}
