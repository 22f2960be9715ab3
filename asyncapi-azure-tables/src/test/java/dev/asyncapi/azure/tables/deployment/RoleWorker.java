package dev.asyncapi.azure.tables.deployment;

import dev.asyncapi.core.process.RunEvent;
import dev.asyncapi.azure.tables.AzureTableJobStore;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A worker JVM of the deployment tests: an engine on the shared table that registers only the job types named
 * on its command line, with the worker count, lease and sweep interval given there. Every handler run appends
 * {@code start}, then {@code end} or {@code interrupted}, lines to the runs file (see {@link RunEvent}); the
 * output names the worker and type. It stops gracefully when its standard input says {@code stop} or closes.
 *
 * <p>Arguments: table, worker id, runs file, lease millis, workers, sweep millis, comma-separated types. The
 * connection string comes from the environment variable {@value #CONNECTION_ENV} so it never appears in a
 * process listing. The store uses its default retry policy, as a deployment would.
 */
public final class RoleWorker {

    /** Environment variable holding the connection string. */
    public static final String CONNECTION_ENV = "ASYNCAPI_DEPLOYMENT_CONNECTION";

    private RoleWorker() {
    }

    /**
     * The input of every type.
     *
     * @param millis how long the handler works
     */
    public record Work(long millis) {
    }

    /**
     * The output of every type.
     *
     * @param worker the worker that ran the handler
     * @param type   the job type the handler ran as
     */
    public record Done(String worker, String type) {
    }

    /**
     * Runs the worker until stdin says stop.
     *
     * @param args table, worker id, runs file, lease millis, workers, sweep millis, types
     * @throws Exception if the engine cannot start
     */
    public static void main(String[] args) throws Exception {
        String table = args[0];
        String workerId = args[1];
        Path runs = Path.of(args[2]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        int workers = Integer.parseInt(args[4]);
        Duration sweep = Duration.ofMillis(Long.parseLong(args[5]));
        List<String> types = List.of(args[6].split(","));

        AzureTableJobStore store = AzureTableJobStore.builder().connectionString(System.getenv(CONNECTION_ENV))
                .tableName(table).build();
        AsyncJobs.Builder builder = AsyncJobs.builder().store(store).workerId(workerId).workers(workers)
                .leaseDuration(lease).sweepInterval(sweep).keepJobsForever().shutdownTimeout(Duration.ofSeconds(10));
        for (String type : types) {
            builder.register(type, Work.class, Done.class, (work, ctx) -> run(runs, workerId, type, work, ctx));
        }
        AsyncJobs jobs = builder.build();
        System.out.println("ready " + workerId + " types=" + jobs.types());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("stop")) {
                    break;
                }
            }
        }
        jobs.close();
        store.close();
        System.out.println("stopped " + workerId);
        System.out.flush();
    }

    private static Done run(Path runs, String workerId, String type, Work work, JobContext ctx)
            throws InterruptedException {
        record(runs, RunEvent.START, workerId, type, ctx);
        try {
            // the simulated work itself, not a synchronisation
            Thread.sleep(work.millis());
        } catch (InterruptedException e) {
            record(runs, RunEvent.INTERRUPTED, workerId, type, ctx);
            throw e;
        }
        record(runs, RunEvent.END, workerId, type, ctx);
        return new Done(workerId, type);
    }

    private static synchronized void record(Path runs, String event, String workerId, String type, JobContext ctx) {
        String line = RunEvent.format(event, ctx.jobId(), type, ctx.attempt(), workerId, System.currentTimeMillis());
        try {
            Files.writeString(runs, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
