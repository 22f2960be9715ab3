package dev.asyncapi.core.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One line of a worker process's runs file, as the stores' process tests write and read them:
 * {@code <event> <job id> <type> <attempt> <worker> <epoch millis>}.
 *
 * @param event    {@link #START}, {@link #END} or {@link #INTERRUPTED}
 * @param jobId    the job
 * @param type     the type the handler ran as
 * @param attempt  the attempt the engine gave the run
 * @param worker   the worker process
 * @param atMillis the wall-clock time of the event
 */
public record RunEvent(String event, String jobId, String type, int attempt, String worker, long atMillis) {

    /** A handler started. */
    public static final String START = "start";
    /** A handler returned. */
    public static final String END = "end";
    /** A handler was interrupted. */
    public static final String INTERRUPTED = "interrupted";

    /** The line of one event. */
    public static String format(String event, String jobId, String type, int attempt, String worker, long atMillis) {
        return event + " " + jobId + " " + type + " " + attempt + " " + worker + " " + atMillis;
    }

    /** Reads a line written by {@link #format}. */
    public static RunEvent parse(String line) {
        String[] p = line.trim().split(" ");
        if (p.length != 6) {
            throw new IllegalArgumentException("not a run event: " + line);
        }
        return new RunEvent(p[0], p[1], p[2], Integer.parseInt(p[3]), p[4], Long.parseLong(p[5]));
    }

    /** The complete lines of a runs file that a worker process is still writing (a partial last line is left out). */
    public static List<RunEvent> readComplete(Path runs) {
        try {
            String text = Files.readString(runs, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return Arrays.stream(text.substring(0, end).split("\n")).filter(l -> !l.isBlank()).map(RunEvent::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runs file " + runs, e);
        }
    }

    /** @return whether a handler started */
    public boolean isStart() {
        return event.equals(START);
    }

    /** @return whether a handler returned */
    public boolean isEnd() {
        return event.equals(END);
    }
}
