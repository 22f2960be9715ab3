package dev.asyncapi.core.spi;

import dev.asyncapi.core.AsyncJobException;

/**
 * A conditional update lost: the stored job's version is not the one the caller read (another worker
 * or a termination changed it first), or the job no longer exists. This is the fencing that keeps two
 * workers from both recording an outcome.
 */
public class StaleJobVersionException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which job and which version
     */
    public StaleJobVersionException(String message) {
        super(message);
    }
}
