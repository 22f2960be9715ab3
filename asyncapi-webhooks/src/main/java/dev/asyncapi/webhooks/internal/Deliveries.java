package dev.asyncapi.webhooks.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deliverer at work: a timer asks the store for due deliveries every poll interval; each is sent on a sender
 * thread and its outcome recorded with a compare-and-set update (delivered, next attempt, or abandoned). A
 * delivery this process's engine just made due is handed in directly ({@link #sendSoon}) and sent at once. The
 * timer only hands work over: every store call and every send runs on a sender thread.
 */
public final class Deliveries implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Deliveries.class.getName());

    private final DeliverySettings settings;
    private final JobStore store;
    private final Destinations destinations;
    private final Events events;
    private final Signer signer;
    private final PinnedPost post;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    /** Jobs being sent by this process, so a poll does not send them a second time meanwhile. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates and starts a deliverer.
     *
     * @param settings the settings
     * @param store    the job store, unwrapped
     */
    public Deliveries(DeliverySettings settings, JobStore store) {
        this.settings = settings;
        this.store = store;
        this.destinations = new Destinations(settings);
        this.events = new Events(settings.statusUrl(), settings.includeResult());
        this.signer = new Signer(settings.secret());
        this.post = new PinnedPost(settings.connectTimeout(), settings.responseTimeout());
        this.timer = Executors.newSingleThreadScheduledExecutor(daemons("asyncapi-webhooks-timer"));
        this.senders = Executors.newFixedThreadPool(settings.concurrency(), daemons("asyncapi-webhooks-sender"));
        long every = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pollSoon, every, every, TimeUnit.MILLISECONDS);
    }

    /** Asks the store for due deliveries now, on a sender thread, unless a poll is already running. */
    public void pollSoon() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        try {
            senders.execute(this::poll);
        } catch (RejectedExecutionException shutDown) {
            polling.set(false);
        }
    }

    /**
     * Sends a delivery at once: the job's engine has just written its terminal state here.
     *
     * @param job the stored terminal snapshot with its {@code DUE} callback
     */
    public void sendSoon(Job job) {
        if (closed.get() || !inFlight.add(job.id())) {
            return;
        }
        try {
            senders.execute(() -> attempt(job));
        } catch (RejectedExecutionException shutDown) {
            inFlight.remove(job.id());
        }
    }

    private void poll() {
        try {
            List<Job> due = store.findDeliveriesDue(settings.clock().instant(), settings.batchSize());
            for (Job job : due) {
                if (inFlight.add(job.id())) {
                    senders.execute(() -> attempt(job));
                }
            }
        } catch (RejectedExecutionException shutDown) {
            // closing: what was found stays due in the store for the next deliverer
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhooks: reading due deliveries failed; trying again at the next poll: " + e);
        } finally {
            polling.set(false);
        }
    }

    private void attempt(Job job) {
        try {
            JobCallback callback = job.callback().orElse(null);
            if (callback == null || callback.state() != JobCallback.State.DUE) {
                return;
            }
            String failure = send(job, callback.url());
            record(job, callback, failure);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhooks: the delivery of job " + job.id() + " failed unexpectedly", e);
        } finally {
            inFlight.remove(job.id());
        }
    }

    /** Sends the event; returns null on a 2xx answer, else what went wrong (never the URL, which may hold a token). */
    private String send(Job job, URI url) {
        List<InetAddress> addresses;
        try {
            addresses = destinations.check(url);
        } catch (IllegalArgumentException refused) {
            return "destination refused: " + refused.getMessage();
        }
        byte[] body = events.body(job);
        String id = Events.messageId(job);
        long timestamp = settings.clock().instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signer.sign(id, timestamp, body));
        try {
            int status = post.post(url, addresses, headers, body);
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
    }

    private void record(Job job, JobCallback callback, String failure) {
        Instant now = settings.clock().instant();
        JobCallback next;
        if (failure == null) {
            next = callback.delivered();
        } else if (!now.isBefore(job.finishedAt().orElseThrow().plus(settings.retryFor()))) {
            next = callback.abandoned();
            LOG.log(Level.WARNING, "webhooks: giving up the event of job " + job.id() + " to " + callback.url().getHost()
                    + " after " + (callback.attempts() + 1) + " attempts; last: " + failure);
        } else {
            next = callback.retryAt(now.plus(backoff(callback.attempts())));
            LOG.log(Level.DEBUG, () -> "webhooks: attempt " + (callback.attempts() + 1) + " of job " + job.id()
                    + " to " + callback.url().getHost() + " failed (" + failure + "); next at " + next.dueAt().orElseThrow());
        }
        try {
            store.update(job.toBuilder().callback(next).build());
        } catch (StaleJobVersionException raced) {
            // another deliverer recorded this delivery first (or the job is gone): its record stands
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhooks: recording the delivery of job " + job.id() + " failed; it stays due: " + e);
        }
    }

    /** The wait after {@code failures} failed attempts: initial x 2^failures, at most the maximum. */
    Duration backoff(int failures) {
        Duration wait = settings.initialBackoff();
        for (int i = 0; i < failures && wait.compareTo(settings.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /** Stops polling and sending; sends under way finish or time out, what is not recorded stays due. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timer.shutdownNow();
        senders.shutdown();
        try {
            Duration grace = settings.connectTimeout().plus(settings.responseTimeout());
            if (!senders.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
