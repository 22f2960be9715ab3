package dev.asyncapi.client;

import dev.asyncapi.client.EventStreamParser.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamParserTest {

    private static List<Event> parse(String... lines) {
        List<Event> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(events::add);
        for (String line : lines) {
            parser.line(line);
        }
        return events;
    }

    @Test
    void dispatchesNamedEventsWithTheirIdOnABlankLine() {
        List<Event> events = parse("retry: 2000", "", "id: 3", "event: status", "data: {\"a\":1}", "",
                "event: done", "data: {\"b\":2}", "");

        assertThat(events).containsExactly(new Event("3", "status", "{\"a\":1}"), new Event("3", "done", "{\"b\":2}"));
    }

    @Test
    void joinsDataLinesAndDefaultsTheNameToMessage() {
        assertThat(parse("data: one", "data:two", "data", "")).containsExactly(new Event(null, "message", "one\ntwo\n"));
    }

    @Test
    void ignoresCommentsUnknownFieldsAndAnEventNotYetEnded() {
        assertThat(parse("\uFEFF: keep-alive", "", "foo: bar", "", "id: 9", "data: half")).isEmpty();
    }

    @Test
    void keepsOnlyOneLeadingSpaceOfAValue() {
        assertThat(parse("data:  two spaces", "")).extracting(Event::data).containsExactly(" two spaces");
    }

    @Test
    void ignoresAnIdWithNul() {
        assertThat(parse("id: 1", "data: a", "", "id: 2\0", "data: b", "")).extracting(Event::id)
                .containsExactly("1", "1");
    }
}
