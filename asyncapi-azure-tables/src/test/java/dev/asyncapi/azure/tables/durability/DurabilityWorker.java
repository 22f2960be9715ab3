package dev.asyncapi.azure.tables.durability;

import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.AsyncJobs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A separate JVM with its own engine, for the durability tests: sweeps jobs of type {@value #TYPE} from the
 * shared table, records every handler run (job id, attempt, worker) in its own file, and stops gracefully when
 * its standard input says {@code stop} or closes. On {@code threads <tag>} it prints its live thread count (see
 * {@link #threadReport}), so a test can check that an outage leaves no threads behind.
 *
 * <p>Arguments: table name, worker id, runs file, lease millis. The connection string comes from the
 * environment variable {@value #CONNECTION_ENV} so it never appears in a process listing.
 */
public final class DurabilityWorker {

    /** The job type this worker runs. */
    public static final String TYPE = "work";
    /** Environment variable holding the connection string. */
    public static final String CONNECTION_ENV = "ASYNCAPI_DURABILITY_CONNECTION";
    /** Shards of the durability tables. */
    public static final int SHARDS = 4;

    private DurabilityWorker() {
    }

    /**
     * The handler's input.
     *
     * @param millis             how long the work takes
     * @param hangOnFirstAttempt whether the first attempt never finishes (the process gets killed)
     */
    public record Work(long millis, boolean hangOnFirstAttempt) {
    }

    /**
     * The handler's output.
     *
     * @param worker the worker that finished the job
     */
    public record Done(String worker) {
    }

    /**
     * Runs the worker until stdin says stop.
     *
     * @param args table, worker id, runs file, lease millis
     * @throws Exception if the engine cannot start
     */
    public static void main(String[] args) throws Exception {
        String table = args[0];
        String workerId = args[1];
        Path runs = Path.of(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(System.getenv(CONNECTION_ENV))
                .tableName(table).shardCount(SHARDS).retry(4, Duration.ofMillis(100), Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(5)).build();
        AsyncJobs jobs = AsyncJobs.builder().store(store).workerId(workerId).workers(4)
                .leaseDuration(lease).sweepInterval(Duration.ofMillis(200)).keepJobsForever()
                .shutdownTimeout(Duration.ofSeconds(5))
                .register(TYPE, Work.class, Done.class, (work, ctx) -> {
                    record(runs, ctx.jobId() + " " + ctx.attempt() + " " + workerId);
                    if (work.hangOnFirstAttempt() && ctx.attempt() == 1) {
                        // simulates a stuck run: only a SIGKILL of this process ends it
                        Thread.sleep(Duration.ofMinutes(10).toMillis());
                    }
                    Thread.sleep(work.millis());
                    return new Done(workerId);
                })
                .build();
        System.out.println("ready " + workerId);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.trim();
                if (command.equals("stop")) {
                    break;
                }
                if (command.startsWith("threads ")) {
                    System.out.println(threadReport(command.substring("threads ".length())));
                    System.out.flush();
                }
            }
        }
        jobs.close();
        store.close();
        System.out.println("stopped " + workerId + " threads=" + Thread.activeCount());
        System.out.flush();
    }

    /**
     * Answers a {@code threads <tag>} command: {@code threads <tag> = <live threads> [<name>, ...]}, the names
     * with their numbers replaced by {@code #} so that the report stays short and comparable across calls.
     */
    private static String threadReport(String tag) {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            byName.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        String names = byName.entrySet().stream()
                .map(e -> e.getValue() == 1 ? e.getKey() : e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
        return "threads " + tag + " = " + ManagementFactory.getThreadMXBean().getThreadCount() + " [" + names + "]";
    }

    private static synchronized void record(Path runs, String line) {
        try {
            Files.writeString(runs, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
