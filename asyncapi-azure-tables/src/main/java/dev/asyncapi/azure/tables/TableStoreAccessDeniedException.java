package dev.asyncapi.azure.tables;

import dev.asyncapi.core.AsyncJobException;

/**
 * Table Storage refused the store's credential (HTTP 401 or 403): a wrong or expired key or SAS, or an
 * identity without the {@code Storage Table Data Contributor} role on the account or table. Not transient:
 * the store does not retry it, and the message names the operation and the service's error code (never the
 * credential itself).
 */
public class TableStoreAccessDeniedException extends AsyncJobException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which operation was refused and what to check
     * @param cause   the service's answer
     */
    public TableStoreAccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
