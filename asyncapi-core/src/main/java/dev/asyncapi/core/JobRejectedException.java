package dev.asyncapi.core;

/**
 * The engine takes no new job now: every worker is busy and the local queue is full, or the engine is
 * shutting down. Try again later or on another instance.
 */
public class JobRejectedException extends AsyncJobException {

    private static final long serialVersionUID = 1L;

    private JobRejectedException(String message) {
        super(message);
    }

    /**
     * @param workers       the engine's worker count
     * @param queueCapacity the engine's queue capacity
     * @return the exception for a saturated engine
     */
    public static JobRejectedException saturated(int workers, int queueCapacity) {
        return new JobRejectedException("the engine is saturated: " + workers + " workers busy and "
                + queueCapacity + " jobs queued");
    }

    /** @return the exception for an engine that is shutting down */
    public static JobRejectedException shuttingDown() {
        return new JobRejectedException("the engine is shutting down and accepts no new jobs");
    }
}
