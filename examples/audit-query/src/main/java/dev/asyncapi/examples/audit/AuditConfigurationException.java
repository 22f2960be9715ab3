package dev.asyncapi.examples.audit;

import dev.asyncapi.core.AsyncJobException;

/**
 * The audit example cannot find or use its storage connection string. The message says what to fix and
 * never contains a secret.
 */
public class AuditConfigurationException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, without secrets
     */
    public AuditConfigurationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause, which may be logged but whose message is never shown.
     *
     * @param message what is wrong, without secrets
     * @param cause   the underlying failure
     */
    public AuditConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
