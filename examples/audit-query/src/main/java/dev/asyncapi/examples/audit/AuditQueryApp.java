package dev.asyncapi.examples.audit;

import com.azure.data.tables.TableServiceClient;
import dev.asyncapi.azure.tables.azurite.AzuriteServer;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

/**
 * The audit query example: the reference scenario's API on embedded Jetty, port {@value AppOptions#DEFAULT_PORT}.
 *
 * <p>Normal mode serves the audit table named by {@link ConnectionStringResolver} until Ctrl+C. Demo mode
 * ({@code --demo}, what {@code ./run-example.sh} runs) starts a local Azurite, seeds deterministic data, starts the
 * app and walks the flow over HTTP ({@link DemoWalkthrough}); it exits 0 when every answer matched, 1 otherwise.
 * Options: {@link AppOptions#USAGE}.
 */
public final class AuditQueryApp {

    private static final DateTimeFormatter DAY_FIRST = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static volatile boolean stopping;

    private AuditQueryApp() {
    }

    /**
     * Runs the app.
     *
     * @param args options, see {@link AppOptions#USAGE}
     * @throws Exception if the app cannot start
     */
    public static void main(String[] args) throws Exception {
        AppLogging.install();
        AppOptions options;
        try {
            options = AppOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.println(AppOptions.USAGE);
            System.exit("help".equals(e.getMessage()) ? 0 : 2);
            return;
        }
        int code;
        try {
            code = options.demo() ? demo(options, System.out) : serve(options);
        } catch (AuditConfigurationException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        if (!stopping) { // System.exit from main while shutdown hooks run would block until they give up
            System.exit(code);
        }
    }

    private static int serve(AppOptions options) throws Exception {
        String connection = ConnectionStringResolver.fromEnvironment().resolve();
        try (AuditQueryServer server = AuditQueryServer.start(options, connection, StorageOptions.defaults())) {
            System.out.println("Audit query API on " + server.baseUri() + " (Ctrl+C stops)");
            System.out.println("  GET " + server.baseUri().resolve(AuditRoutes.SUBMIT_PATH) + "?s=10/08/2021&e=12/08/2021");
            awaitShutdown();
        }
        return 0;
    }

    /**
     * Demo mode: Azurite, seed, app, walk.
     *
     * @param options the options
     * @param out     where to print
     * @return the exit code: 0 if every answer matched
     * @throws Exception if a part cannot start
     */
    static int demo(AppOptions options, PrintStream out) throws Exception {
        out.println("Starting a local Azurite Table service (installs azurite@" + AzuriteServer.AZURITE_VERSION
                + " with npm on first use)...");
        try (AzuriteServer azurite = AzuriteServer.startInMemory()) {
            out.println("Azurite listening on " + azurite.tableEndpoint());
            AuditSeeder seeder = new AuditSeeder(options.seedFirstDay(), options.seedDays(), options.seedRowsPerDay());
            long seedStart = System.nanoTime();
            TableServiceClient service = AuditTables.serviceClient(azurite.connectionString(), StorageOptions.defaults());
            seeder.seed(service);
            AuditQuery range = AuditQuery.of(seeder.firstDay(), seeder.lastDay());
            long expected = seeder.expectedCount(range);
            out.printf("Seeded table '%s': %d days x %d rows = %,d rows (%s to %s) in %.1f s; "
                            + "the seeder predicts %,d distinct ids with a CertNumber over the whole range%n",
                    AuditTables.TABLE_NAME, seeder.days(), seeder.rowsPerDay(), seeder.totalRows(), range.start(),
                    range.end(), (System.nanoTime() - seedStart) / 1e9, expected);
            if (!options.demoPartitionDelay().isZero()) {
                out.println("Demo only: each day partition waits " + options.demoPartitionDelay().toMillis()
                        + " ms before its scan so the Running state is visible (--demo-partition-delay-ms=0 turns it off)");
            }
            try (AuditQueryServer server = AuditQueryServer.start(options, azurite.connectionString(),
                    StorageOptions.defaults())) {
                out.println("Audit query API on " + server.baseUri() + " (job store: "
                        + options.store().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ")");
                boolean ok = new DemoWalkthrough(server.baseUri(), out).run(seeder.firstDay().format(DAY_FIRST),
                        seeder.lastDay().format(DAY_FIRST), expected);
                if (options.keepServing()) {
                    out.println();
                    out.println("Still serving on " + server.baseUri() + " with Azurite on " + azurite.tableEndpoint()
                            + " (Ctrl+C stops). Try:");
                    out.println("  curl -i '" + server.baseUri().resolve(AuditRoutes.SUBMIT_PATH) + "?s="
                            + seeder.firstDay().format(DAY_FIRST) + "&e=" + seeder.lastDay().format(DAY_FIRST) + "'");
                    awaitShutdown();
                }
                return ok ? 0 : 1;
            }
        }
    }

    private static void awaitShutdown() throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            stop.countDown();
            try {
                main.join(15_000); // let the main thread close the server and Azurite before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "audit-shutdown"));
        stop.await();
    }
}
