package dev.asyncapi.webhooks;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.postgres.PostgresJobStore;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The worker process of {@link WorkerKilledBeforeDeliveryIT}: an engine running type {@value #TYPE} on the
 * PostgreSQL store, writing through a webhook deliverer whose receiver answers slowly (10 s response timeout, 12 s
 * handoff). Prints {@value #READY} once started; {@code stop} on its input ends it.
 * Arguments: JDBC URL, user, password, schema, receiver port.
 */
public final class DeliveringWorker {

    static final String TYPE = "n";
    static final String READY = "worker ready";
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HANDOFF = Duration.ofSeconds(12);

    /** The job's input and output. */
    public record Num(int n) {
    }

    private DeliveringWorker() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser(args[1]);
        ds.setPassword(args[2]);
        int port = Integer.parseInt(args[4]);
        try (PostgresJobStore store = PostgresJobStore.builder(ds).schema(args[3]).build();
             WebhookDeliverer deliverer = TestWebhooks.base(port).responseTimeout(RESPONSE_TIMEOUT)
                     .handoffDelay(HANDOFF).build().start(store);
             AsyncJobs jobs = AsyncJobs.builder().store(deliverer.store()).sweepInterval(Duration.ofMillis(100))
                     .register(TYPE, Num.class, Num.class, (in, ctx) -> in).build()) {
            System.out.println(READY);
            System.out.flush();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("stop")) {
                        break;
                    }
                }
            }
        }
    }
}
