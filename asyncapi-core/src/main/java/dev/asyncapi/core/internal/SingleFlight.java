package dev.asyncapi.core.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task that runs on the I/O executor and never overlaps itself. A request while it runs makes it run
 * once more afterwards; further requests in between fold into that one. Timers request it, so a slow
 * store call delays only the next round of the same task, never the timer thread or another task.
 */
final class SingleFlight {

    private static final System.Logger LOG = System.getLogger(SingleFlight.class.getName());
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int RUNNING_AGAIN = 2;

    private final String name;
    /** Named in log messages after {@link #name}; kept apart so a run's tasks cost no string until logged. */
    private final String subject;
    private final Executor io;
    private final Runnable body;
    private final AtomicInteger state = new AtomicInteger(IDLE);

    SingleFlight(String name, Executor io, Runnable body) {
        this(name, "", io, body);
    }

    SingleFlight(String name, String subject, Executor io, Runnable body) {
        this.name = name;
        this.subject = subject;
        this.io = io;
        this.body = body;
    }

    /** Asks for one run: starts one now if idle, otherwise once the current one ends. */
    void request() {
        while (true) {
            int s = state.get();
            if (s == RUNNING_AGAIN || (s == RUNNING && state.compareAndSet(RUNNING, RUNNING_AGAIN))) {
                return;
            }
            if (s == IDLE && state.compareAndSet(IDLE, RUNNING)) {
                try {
                    io.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    // the engine is shutting down
                    state.set(IDLE);
                }
                return;
            }
        }
    }

    private void drain() {
        do {
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> name + subject + " failed; it runs again at its next turn", e);
            }
        } while (!state.compareAndSet(RUNNING, IDLE) && state.compareAndSet(RUNNING_AGAIN, RUNNING));
    }
}
