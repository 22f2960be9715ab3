package dev.asyncapi.core;

/**
 * No job has the given id (or the id is malformed).
 */
public class JobNotFoundException extends AsyncJobException {

    private static final long serialVersionUID = 1L;

    /**
     * @param id the id looked for, abbreviated in the message if long
     */
    public JobNotFoundException(String id) {
        super("no job with id " + JobIds.abbreviate(id));
    }
}
