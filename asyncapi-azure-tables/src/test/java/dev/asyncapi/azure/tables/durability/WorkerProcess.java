package dev.asyncapi.azure.tables.durability;

import dev.asyncapi.core.process.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** A {@link DurabilityWorker} in its own JVM, started with this test run's class path. */
final class WorkerProcess implements AutoCloseable {

    private final String workerId;
    private final ChildJvm jvm;
    private final Path runs;
    private int queries;

    private WorkerProcess(String workerId, ChildJvm jvm, Path runs) {
        this.workerId = workerId;
        this.jvm = jvm;
        this.runs = runs;
    }

    /** The worker's own figure (its JVM's live thread count) and the thread names it listed with it. */
    record Threads(int count, String names) {
    }

    static WorkerProcess start(Path dir, String connectionString, String table, String workerId, Duration lease) {
        Path runs = dir.resolve("runs-" + workerId + ".txt");
        Path log = dir.resolve("log-" + workerId + ".txt");
        try {
            Files.createDirectories(dir);
            Files.writeString(runs, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId, e);
        }
        // pools sized by core count (the HTTP client's event loops, 2 per core, created lazily) are the same on
        // any machine, so the thread counts the outage test compares do not depend on where it runs
        ChildJvm jvm = ChildJvm.start("worker " + workerId,
                List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2"),
                System.getProperty("java.class.path"), DurabilityWorker.class.getName(),
                List.of(table, workerId, runs.toString(), Long.toString(lease.toMillis())),
                Map.of(DurabilityWorker.CONNECTION_ENV, connectionString), log);
        return new WorkerProcess(workerId, jvm, runs);
    }

    String id() {
        return workerId;
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Lines "jobId attempt workerId", one per handler run. */
    List<String> runs() {
        try {
            return Files.readAllLines(runs, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        return jvm.log();
    }

    /** Asks the worker for its live thread count and waits for the answer in its log. */
    synchronized Threads threads() {
        String tag = workerId + "-" + (++queries);
        jvm.send("threads " + tag);
        Pattern answer = Pattern.compile("threads " + Pattern.quote(tag) + " = (\\d+) \\[([^\\]]*)\\]");
        Matcher m = await().atMost(Duration.ofSeconds(30)).until(() -> answer.matcher(log()), Matcher::find);
        return new Threads(Integer.parseInt(m.group(1)), m.group(2));
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
}
