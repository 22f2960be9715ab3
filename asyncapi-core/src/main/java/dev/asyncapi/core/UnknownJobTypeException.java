package dev.asyncapi.core;

/**
 * No handler is registered for a job type on this engine, and the type is not declared as one it
 * submits for other engines to run.
 */
public class UnknownJobTypeException extends AsyncJobException {

    private static final long serialVersionUID = 1L;

    /**
     * @param type the unknown type name, abbreviated in the message if long
     */
    public UnknownJobTypeException(String type) {
        super("no handler is registered for job type " + JobIds.abbreviate(type));
    }
}
