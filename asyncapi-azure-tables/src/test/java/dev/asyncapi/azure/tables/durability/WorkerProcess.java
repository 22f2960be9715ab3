package dev.asyncapi.azure.tables.durability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** A {@link DurabilityWorker} in its own JVM, started with this test run's class path. */
final class WorkerProcess implements AutoCloseable {

    private final String workerId;
    private final Process process;
    private final Path runs;
    private final Path log;
    private final OutputStream stdin;
    private int queries;

    private WorkerProcess(String workerId, Process process, Path runs, Path log) {
        this.workerId = workerId;
        this.process = process;
        this.runs = runs;
        this.log = log;
        this.stdin = process.getOutputStream();
    }

    /** The worker's own figure (its JVM's live thread count) and the thread names it listed with it. */
    record Threads(int count, String names) {
    }

    static WorkerProcess start(Path dir, String connectionString, String table, String workerId, Duration lease) {
        Path runs = dir.resolve("runs-" + workerId + ".txt");
        Path log = dir.resolve("log-" + workerId + ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // pools sized by core count (the HTTP client's event loops, 2 per core, created lazily) are the same on
        // any machine, so the thread counts the outage test compares do not depend on where it runs
        List<String> command = new ArrayList<>(List.of(java, "-Xmx192m", "-XX:+UseSerialGC",
                "-XX:ActiveProcessorCount=2", "-cp", System.getProperty("java.class.path"), DurabilityWorker.class.getName(),
                table, workerId, runs.toString(), Long.toString(lease.toMillis())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(DurabilityWorker.CONNECTION_ENV, connectionString);
        try {
            Files.createDirectories(dir);
            Files.writeString(runs, "");
            return new WorkerProcess(workerId, builder.start(), runs, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId, e);
        }
    }

    String id() {
        return workerId;
    }

    boolean isAlive() {
        return process.isAlive();
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
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks the worker for its live thread count and waits for the answer in its log. */
    synchronized Threads threads() {
        String tag = workerId + "-" + (++queries);
        try {
            stdin.write(("threads " + tag + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("worker " + workerId + " no longer reads its input", e);
        }
        Pattern answer = Pattern.compile("threads " + Pattern.quote(tag) + " = (\\d+) \\[([^\\]]*)\\]");
        Matcher m = await().atMost(Duration.ofSeconds(30)).until(() -> answer.matcher(log()), Matcher::find);
        return new Threads(Integer.parseInt(m.group(1)), m.group(2));
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
        try (OutputStream in = stdin) {
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
}
