package dev.asyncapi.examples.audit;

import com.azure.data.tables.TableClient;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.servlet.AsyncJobsFilter;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.Route;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * The running audit query API: an {@link AsyncJobs} engine with the {@link AuditCountJob}, served by the
 * library's {@link AsyncJobsFilter} with the {@link AuditRoutes} on embedded Jetty. What Jetty answers by itself
 * (malformed or oversized requests, unknown paths) is a problem+json body from {@link JsonErrorHandler}, and no
 * answer carries a {@code Server} header.
 *
 * <p>Thread-safe. {@link #close()} stops Jetty, then the engine (running jobs get
 * {@link #SHUTDOWN_TIMEOUT} to finish).
 */
public final class AuditQueryServer implements AutoCloseable {

    /** Longest run of one audit count before it fails as timed out: 10 minutes. */
    public static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);
    /** Shortest interval between two progress writes, so polls see progress move: 200 ms. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(200);
    /** Polling interval advertised in {@code Retry-After}: 1 second. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Time running jobs get to finish on close: 5 seconds. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final AsyncJobs jobs;
    private final Optional<JobStore> store;
    private final Server jetty;
    private final URI baseUri;

    private AuditQueryServer(AsyncJobs jobs, Optional<JobStore> store, Server jetty, URI baseUri) {
        this.jobs = jobs;
        this.store = store;
        this.jetty = jetty;
        this.baseUri = baseUri;
    }

    /**
     * Starts the engine and Jetty.
     *
     * @param options          port, store, concurrency, range limit and demo delay
     * @param connectionString the audit table's storage connection string (a secret: never logged)
     * @param storage          timeouts and retries of storage requests
     * @return the running server
     * @throws Exception if Jetty cannot start (for example the port is taken)
     */
    public static AuditQueryServer start(AppOptions options, String connectionString, StorageOptions storage)
            throws Exception {
        Objects.requireNonNull(options, "options cannot be null");
        TableClient table = AuditTables.tableClient(connectionString, storage);
        AuditCountJob job = new AuditCountJob(table, options.concurrency(), options.demo()
                ? options.demoPartitionDelay() : Duration.ZERO);
        AsyncJobs.Builder engine = AsyncJobs.builder()
                .register(JobDefinition.builder(AuditCountJob.TYPE, AuditQuery.class, Long.class, job)
                        .timeout(JOB_TIMEOUT).build())
                .progressInterval(PROGRESS_INTERVAL)
                .shutdownTimeout(SHUTDOWN_TIMEOUT);
        Optional<JobStore> store = JobStores.configure(engine, options, connectionString);
        AsyncJobs jobs = engine.build();

        AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
                .withoutDefaultRoutes()
                .retryAfter(RETRY_AFTER)
                .route(Route.builder("GET", AuditRoutes.SUBMIT_PATH).mapper(AuditRoutes.submit(options.maxDays()))
                        .renderer(AuditRoutes.renderer()).statusPath(AuditRoutes.STATUS_PATH).build())
                .route(Route.builder("GET", AuditRoutes.STATUS_PATH).mapper(AuditRoutes.status())
                        .renderer(AuditRoutes.renderer()).statusPath(AuditRoutes.STATUS_PATH).eventStream().build())
                .build();

        Server jetty = new Server();
        HttpConfiguration http11 = new HttpConfiguration();
        http11.setSendServerVersion(false);
        http11.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http11));
        connector.setPort(options.port());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(2000);
        try {
            jetty.start();
        } catch (Exception e) {
            jobs.close();
            store.ifPresent(AuditQueryServer::closeStore);
            throw e;
        }
        return new AuditQueryServer(jobs, store, jetty, URI.create("http://localhost:" + connector.getLocalPort()));
    }

    /**
     * Returns where the API listens.
     *
     * @return e.g. {@code http://localhost:7071}
     */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Returns the engine, for tests and tools.
     *
     * @return the engine
     */
    public AsyncJobs jobs() {
        return jobs;
    }

    /** Stops Jetty, then the engine. Idempotent. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            System.getLogger(AuditQueryServer.class.getName()).log(System.Logger.Level.WARNING,
                    "Jetty did not stop cleanly: {0}", e.toString());
        } finally {
            jobs.close();
            store.ifPresent(AuditQueryServer::closeStore);
        }
    }

    private static void closeStore(JobStore store) {
        store.close();
    }
}
