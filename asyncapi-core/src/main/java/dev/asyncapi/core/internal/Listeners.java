package dev.asyncapi.core.internal;

import dev.asyncapi.core.JobEvent;
import dev.asyncapi.core.JobListener;
import dev.asyncapi.core.StoreCall;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The listeners an engine reports to, called one after the other on the reporting thread. A listener
 * that throws is logged (its first failure at {@code WARNING}, later ones at {@code DEBUG}) and ignored,
 * so no listener changes what the engine does.
 */
public final class Listeners {

    private static final System.Logger LOG = System.getLogger(Listeners.class.getName());
    private static final Listeners NONE = new Listeners(List.of());

    private final List<JobListener> listeners;
    private final AtomicBoolean[] warned;

    private Listeners(List<JobListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.warned = new AtomicBoolean[this.listeners.size()];
        for (int i = 0; i < warned.length; i++) {
            warned[i] = new AtomicBoolean();
        }
    }

    /**
     * @param listeners the listeners, in the order they are called
     * @return the listeners, sharing one empty instance when there are none
     */
    public static Listeners of(List<JobListener> listeners) {
        return listeners.isEmpty() ? NONE : new Listeners(listeners);
    }

    /** @return whether any listener is registered; events are built only then */
    public boolean any() {
        return !listeners.isEmpty();
    }

    /** Reports a job event to every listener. */
    void jobEvent(JobEvent event) {
        each(l -> l.onJobEvent(event), "onJobEvent", event);
    }

    /** Reports a store call to every listener. */
    void storeCall(StoreCall call) {
        each(l -> l.onStoreCall(call), "onStoreCall", call);
    }

    private void each(Consumer<JobListener> call, String method, Object what) {
        for (int i = 0; i < listeners.size(); i++) {
            JobListener listener = listeners.get(i);
            try {
                call.accept(listener);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                Level level = warned[i].compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
                LOG.log(level, () -> "the listener " + listener.getClass().getName() + " threw in " + method
                        + " for " + what + "; ignored (later failures of this listener are logged at DEBUG)", e);
            }
        }
    }
}
