package dev.asyncapi.servlet.internal;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobWatch;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Opens {@link EventStream}s on status reads that ask for {@code text/event-stream}: the engine's watch feeds
 * each (pushed for jobs this instance runs, polled at the engine's await poll interval for jobs run
 * elsewhere), the timer adds heartbeats, and everything is released when the stream ends.
 */
final class EventStreams implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventStreams.class.getName());

    private final PipelineSettings settings;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();

    EventStreams(PipelineSettings settings) {
        this.settings = settings;
    }

    /** Streams a job the caller may see; answers the ordinary status where the container cannot go async. */
    void stream(Exchange exchange, Job first) {
        RequestContext ctx = exchange.context();
        if (!exchange.canGoAsync()) {
            exchange.respond(ctx.renderer().status(first, ctx));
            return;
        }
        if (!exchange.claimAnswer()) {
            return;
        }
        HttpServletResponse response = exchange.response();
        response.setStatus(200);
        response.setContentType(ContentTypes.EVENT_STREAM + ";charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Accel-Buffering", "no");
        exchange.goAsync(Duration.ZERO);
        ServletOutputStream out;
        try {
            out = response.getOutputStream();
        } catch (IOException e) {
            exchange.end();
            return;
        }
        Optional<String> lastEventId = Optional.ofNullable(exchange.request().getHeader("Last-Event-ID"));
        EventStream stream = new EventStream(exchange, out, lastEventId, settings.http().retryAfter().toMillis());
        open.add(stream);
        ScheduledFuture<?> heartbeat = settings.timer().every(stream::heartbeat, settings.http().eventHeartbeat());
        JobWatch watch;
        try {
            out.setWriteListener(stream);
            watch = settings.jobs().watch(first.id(), stream);
        } catch (RuntimeException e) {
            // the job vanished or the store failed between the read and the watch: the client reconnects
            LOG.log(System.Logger.Level.DEBUG, "could not watch job " + first.id(), e);
            heartbeat.cancel(false);
            open.remove(stream);
            stream.onEnded();
            return;
        }
        exchange.onEnd(() -> {
            watch.close();
            heartbeat.cancel(false);
            open.remove(stream);
        });
    }

    /** Ends every open stream. */
    @Override
    public void close() {
        open.forEach(EventStream::shutDown);
    }
}
