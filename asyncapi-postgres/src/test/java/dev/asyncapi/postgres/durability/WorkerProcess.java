package dev.asyncapi.postgres.durability;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.core.process.ChildJvm;
import dev.asyncapi.postgres.server.PostgresServer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A {@link PgWorker} in its own JVM, started with a private copy of this test run's class path. */
final class WorkerProcess implements AutoCloseable {

    /** The JVM's own live thread count and the thread names it listed with it. */
    record Threads(int count, String names) {
    }

    private final String workerId;
    private final ChildJvm jvm;
    private final Path runs;
    private int queries;

    private WorkerProcess(String workerId, ChildJvm jvm, Path runs) {
        this.workerId = workerId;
        this.jvm = jvm;
        this.runs = runs;
    }

    static WorkerProcess start(Path dir, PostgresServer server, String schema, String workerId,
                               PgWorker.EngineSpec... engines) {
        Path runs = dir.resolve("runs-" + workerId + ".txt");
        Path log = dir.resolve("log-" + workerId + ".txt");
        try {
            Files.createDirectories(dir);
            Files.writeString(runs, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start worker " + workerId, e);
        }
        List<String> args = new ArrayList<>(List.of(schema, workerId, runs.toString()));
        Arrays.stream(engines).map(PgWorker.EngineSpec::format).forEach(args::add);
        ChildJvm jvm = ChildJvm.start("worker " + workerId,
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                privateClassPath(dir), PgWorker.class.getName(), args,
                Map.of(PgWorker.URL_ENV, server.jdbcUrl(), PgWorker.USER_ENV, server.user(),
                        PgWorker.PASSWORD_ENV, server.password()), log);
        return new WorkerProcess(workerId, jvm, runs);
    }

    /**
     * This run's class path with the project's own jars and class folders copied into {@code dir}: another build
     * in the same checkout may rewrite them while a worker runs, and a JVM reads its classes lazily.
     */
    private static synchronized String privateClassPath(Path dir) {
        List<String> entries = new ArrayList<>();
        int folders = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            String unix = path.toString().replace(File.separatorChar, '/');
            Path copy;
            if (unix.contains("/repository/dev/asyncapi/") && unix.endsWith(".jar") && Files.isRegularFile(path)) {
                copy = dir.resolve("lib").resolve(path.getFileName());
            } else if (unix.contains("/asyncapi-") && Files.isDirectory(path)) {
                copy = dir.resolve("lib").resolve("classes-" + (++folders));
            } else {
                entries.add(entry);
                continue;
            }
            if (!Files.exists(copy)) {
                copyTree(path, copy);
            }
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }

    String id() {
        return workerId;
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    /** Waits until every engine of the process is built (its workers, sweeps and change feed subscription). */
    WorkerProcess awaitReady() {
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

    long starts() {
        return runs().stream().filter(RunEvent::isStart).count();
    }

    /** Runs started and not yet ended (nor interrupted). */
    List<RunEvent> inFlight() {
        List<RunEvent> open = new ArrayList<>();
        for (RunEvent e : runs()) {
            if (e.isStart()) {
                open.add(e);
            } else {
                open.removeIf(s -> s.jobId().equals(e.jobId()) && s.attempt() == e.attempt());
            }
        }
        return open;
    }

    String log() {
        return jvm.log();
    }

    /** Lets every gated run of the process go on. */
    void release() {
        jvm.send("release");
    }

    /** Asks the worker for its live thread count and waits for the answer in its log. */
    synchronized Threads threads() {
        String tag = workerId + "-" + (++queries);
        jvm.send("threads " + tag);
        Pattern answer = Pattern.compile("threads " + Pattern.quote(tag) + " = (\\d+) \\[([^\\]]*)\\]");
        Matcher m = await().atMost(Duration.ofSeconds(30)).until(() -> answer.matcher(log()), Matcher::find);
        return new Threads(Integer.parseInt(m.group(1)), m.group(2));
    }

    /** SIGKILL ({@code destroyForcibly}): no shutdown hook, no lease release. */
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
