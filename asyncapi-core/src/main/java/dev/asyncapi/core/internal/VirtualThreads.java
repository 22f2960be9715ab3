package dev.asyncapi.core.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for a library compiled for Java 17: found by reflection on Java 21 and later.
 */
public final class VirtualThreads {

    private VirtualThreads() {
    }

    /**
     * Tells whether this JVM offers virtual threads.
     *
     * @return {@code true} on Java 21 and later
     */
    public static boolean available() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Fails unless this JVM offers virtual threads.
     *
     * @throws UnsupportedOperationException on Java 17 to 20, naming the running version
     */
    public static void requireAvailable() {
        if (!available()) {
            throw new UnsupportedOperationException("virtualThreads() needs Java 21 or later, but this JVM is Java "
                    + Runtime.version().feature() + "; pass an executor(...) or leave the default platform threads");
        }
    }

    /**
     * A factory of virtual threads named {@code prefix} and a counter.
     *
     * @param prefix the thread name prefix
     * @return the factory
     * @throws UnsupportedOperationException before Java 21
     */
    static ThreadFactory factory(String prefix) {
        requireAvailable();
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
            return (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw unexpected(e);
        }
    }

    /**
     * An executor that starts one new thread of {@code factory} per task (no pooling, as virtual threads
     * want).
     *
     * @param factory the thread factory
     * @return the executor, to be shut down by its creator
     */
    static ExecutorService threadPerTask(ThreadFactory factory) {
        requireAvailable();
        try {
            return (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newThreadPerTaskExecutor", ThreadFactory.class).invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            throw unexpected(e);
        }
    }

    private static IllegalStateException unexpected(ReflectiveOperationException e) {
        Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
        return new IllegalStateException("could not create virtual threads on Java " + Runtime.version().feature(), cause);
    }
}
