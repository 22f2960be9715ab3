package dev.asyncapi.core;

/**
 * A job kept changing under an operation that needs one stable snapshot (e.g. terminate), so it gave
 * up after a few compare-and-set attempts. The store is fine; trying again usually succeeds.
 */
public class JobContentionException extends AsyncJobException {

    private static final long serialVersionUID = 1L;

    /**
     * @param id       the job id
     * @param attempts how many attempts were made
     */
    public JobContentionException(String id, int attempts) {
        super("job " + JobIds.abbreviate(id) + " kept changing; gave up after " + attempts + " attempts");
    }
}
