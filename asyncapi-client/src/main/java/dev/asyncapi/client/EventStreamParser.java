package dev.asyncapi.client;

import java.util.function.Consumer;

/**
 * The Server-Sent Events line format (HTML Living Standard, "Interpreting an event stream"), fed one line at a
 * time (the line terminators already removed). Not thread-safe: one per connection.
 */
final class EventStreamParser {

    /**
     * One dispatched event.
     *
     * @param id   the last event id seen on the stream, or null if none yet
     * @param name the event type; {@code message} when the event named none
     * @param data the data lines joined with {@code \n}
     */
    record Event(String id, String name, String data) {
    }

    private final Consumer<Event> sink;
    private boolean first = true;
    private String lastEventId;
    private String name;
    private StringBuilder data;

    EventStreamParser(Consumer<Event> sink) {
        this.sink = sink;
    }

    void line(String raw) {
        String line = raw;
        if (first) {
            first = false;
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        }
        if (line.isEmpty()) {
            dispatch();
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            default -> {
                // "retry" and unknown fields: the client paces reconnects with its retry policy
            }
        }
    }

    private void dispatch() {
        StringBuilder payload = data;
        String type = name;
        data = null;
        name = null;
        if (payload != null) {
            sink.accept(new Event(lastEventId, type == null || type.isEmpty() ? "message" : type, payload.toString()));
        }
    }
}
