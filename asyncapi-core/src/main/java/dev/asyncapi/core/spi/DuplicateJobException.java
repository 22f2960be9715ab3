package dev.asyncapi.core.spi;

import dev.asyncapi.core.AsyncJobException;

import java.util.Optional;

/**
 * {@link JobStore#create} found a job with the same id, or the same owner and idempotency key.
 */
public class DuplicateJobException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /** The idempotency key that clashed, or null for an id clash. */
    private final String idempotencyKey;

    /**
     * Creates the exception for a duplicate id.
     *
     * @param message what was duplicated
     */
    public DuplicateJobException(String message) {
        super(message);
        this.idempotencyKey = null;
    }

    /**
     * Creates the exception for a duplicate owner and idempotency key.
     *
     * @param message        what was duplicated
     * @param idempotencyKey the key already in use
     */
    public DuplicateJobException(String message, String idempotencyKey) {
        super(message);
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * Returns the idempotency key that clashed, if the clash was on the key rather than the id.
     *
     * @return the key, or empty for an id clash
     */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }
}
