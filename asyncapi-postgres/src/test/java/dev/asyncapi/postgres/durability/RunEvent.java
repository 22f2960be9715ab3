package dev.asyncapi.postgres.durability;

/**
 * One line of a {@link PgWorker}'s runs file: {@code <event> <job id> <type> <attempt> <worker> <epoch millis>}.
 *
 * @param event    {@link #START}, {@link #END} or {@link #INTERRUPTED}
 * @param jobId    the job
 * @param type     the type the handler ran as
 * @param attempt  the attempt the engine gave the run
 * @param worker   the worker process
 * @param atMillis the wall-clock time of the event
 */
record RunEvent(String event, String jobId, String type, int attempt, String worker, long atMillis) {

    static final String START = "start";
    static final String END = "end";
    static final String INTERRUPTED = "interrupted";

    static String format(String event, String jobId, String type, int attempt, String worker, long atMillis) {
        return event + " " + jobId + " " + type + " " + attempt + " " + worker + " " + atMillis;
    }

    static RunEvent parse(String line) {
        String[] p = line.trim().split(" ");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a run event: " + line);
        }
        return new RunEvent(p[0], p[1], p[2], Integer.parseInt(p[3]), p[4], Long.parseLong(p[5]));
    }

    boolean isStart() {
        return event.equals(START);
    }

    boolean isEnd() {
        return event.equals(END);
    }
}
