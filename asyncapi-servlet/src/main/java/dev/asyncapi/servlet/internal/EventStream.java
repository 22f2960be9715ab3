package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobWatcher;
import dev.asyncapi.servlet.RouteResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One job streamed as Server-Sent Events: written with the servlet's non-blocking output, so neither a slow
 * client nor the wait between events holds a thread. Snapshots are coalesced: only the newest unwritten one
 * is written, as {@code status} (the status changed), {@code progress} (only the progress changed) or, once
 * terminal, {@code done}, after which the stream ends. Every event's data is the route's status body, so a profile
 * (the Azure one) names statuses its own way in the stream too. Each event's id is the snapshot's version, which a
 * reconnecting client sends back as {@code Last-Event-ID}.
 */
final class EventStream implements WriteListener, JobWatcher {

    private static final System.Logger LOG = System.getLogger(EventStream.class.getName());
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final Exchange exchange;
    private final ServletOutputStream out;
    private final AtomicReference<Job> unwritten = new AtomicReference<>();
    private final Object lock = new Object();
    private byte[] preamble;
    private String lastVersion;
    private Job lastWritten;
    private boolean heartbeatDue;
    private boolean endRequested;
    private boolean finished;
    private boolean writable;

    /**
     * @param lastEventId the client's {@code Last-Event-ID}: the snapshot of that version is not written again
     * @param retryMillis the reconnection delay advised to the client
     */
    EventStream(Exchange exchange, ServletOutputStream out, Optional<String> lastEventId, long retryMillis) {
        this.exchange = exchange;
        this.out = out;
        this.lastVersion = lastEventId.orElse(null);
        this.preamble = ("retry: " + retryMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void onSnapshot(Job job) {
        unwritten.set(job);
        drain();
    }

    @Override
    public void onEnded() {
        synchronized (lock) {
            endRequested = true;
        }
        drain();
    }

    /** Queues a comment line, so proxies see traffic on an idle stream and a gone client is noticed. */
    void heartbeat() {
        synchronized (lock) {
            heartbeatDue = true;
        }
        drain();
    }

    /** Ends the stream after what is already queued (the filter is being destroyed). */
    void shutDown() {
        onEnded();
    }

    @Override
    public void onWritePossible() {
        synchronized (lock) {
            writable = true;
        }
        drain();
    }

    @Override
    public void onError(Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "event stream to a client ended: {0}", t.toString());
        synchronized (lock) {
            finished = true;
        }
        exchange.end();
    }

    /** Writes whatever is due while the connection takes it; never blocks. */
    private void drain() {
        boolean complete = false;
        synchronized (lock) {
            if (!writable || finished) {
                return;
            }
            try {
                while (out.isReady()) {
                    byte[] chunk = nextChunk();
                    if (chunk == null) {
                        complete = endRequested;
                        if (complete) {
                            finished = true;
                        }
                        break;
                    }
                    out.write(chunk);
                    if (!out.isReady()) {
                        break;
                    }
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "writing an event failed; ending the stream", e);
                finished = true;
                complete = true;
            }
        }
        if (complete) {
            exchange.end();
        }
    }

    /** The next bytes to write, or null if nothing is due. Called under the lock. */
    private byte[] nextChunk() {
        if (preamble != null) {
            byte[] p = preamble;
            preamble = null;
            return p;
        }
        Job job = unwritten.getAndSet(null);
        while (job != null) {
            byte[] event = eventFor(job);
            if (event != null) {
                return event;
            }
            job = unwritten.getAndSet(null);
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            return HEARTBEAT;
        }
        return null;
    }

    /** The event a snapshot makes, or null if a client that saw the last one learns nothing from it. */
    private byte[] eventFor(Job job) {
        if (job.version().equals(lastVersion) && !job.status().isTerminal()) {
            return null;
        }
        Job previous = lastWritten;
        String name;
        String data;
        RequestContext ctx = exchange.context();
        if (job.status().isTerminal()) {
            name = "done";
            data = statusBody(job, ctx);
            endRequested = true;
        } else if (previous == null || previous.status() != job.status() || lastVersion == null) {
            name = "status";
            data = statusBody(job, ctx);
        } else if (!Objects.equals(previous.progressJson(), job.progressJson())) {
            name = "progress";
            data = statusBody(job, ctx);
        } else {
            lastVersion = job.version();
            lastWritten = job;
            return null;
        }
        lastVersion = job.version();
        lastWritten = job;
        StringBuilder event = new StringBuilder(data.length() + 64);
        event.append("id: ").append(job.version().replaceAll("[\r\n]", "")).append('\n');
        event.append("event: ").append(name).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            event.append("data: ").append(line).append('\n');
        }
        return event.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The route's status body when it is JSON; the standard one otherwise (a renderer answering 303). */
    private static String statusBody(Job job, RequestContext ctx) {
        RouteResponse rendered = ctx.renderer().status(job, ctx);
        boolean json = rendered.contentType().map(type -> type.toLowerCase().contains("json")).orElse(false);
        return json && rendered.status() < 300 ? rendered.bodyText() : StandardRendering.status(job, ctx).bodyText();
    }
}
