package dev.asyncapi.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.memory.InMemoryJobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /jobs/{id}} with {@code Accept: text/event-stream}, read by a real client over a socket. */
class EventStreamIT {

    private static AsyncJobs jobs;
    private static TestServer server;

    @BeforeAll
    static void start() {
        jobs = TestJobs.start();
        server = TestServer.withFilter(AsyncJobsHttp.builder(jobs).eventHeartbeat(Duration.ofSeconds(1)).build());
    }

    @AfterAll
    static void stop() {
        server.close();
        jobs.close();
    }

    /** One server-sent event: its id, name and data; a comment line is an event named ":". */
    record Event(String id, String name, String data) {
        JsonNode json() {
            return TestServer.json(data);
        }
    }

    /** Reads events off a stream's lines, blocking on the socket until each is complete. */
    static final class Events implements AutoCloseable {
        private final Stream<String> lines;
        private final Iterator<String> it;

        Events(HttpResponse<Stream<String>> response) {
            this.lines = response.body();
            this.it = lines.iterator();
        }

        /** The next event, comments included; empty once the server ended the stream. */
        Optional<Event> next() {
            String id = null;
            String name = "message";
            StringBuilder data = null;
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        return Optional.of(new Event(id, name, data.toString()));
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    return Optional.of(new Event(null, ":", line));
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> name = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                        // retry and unknown fields
                    }
                }
            }
            return Optional.empty();
        }

        /** The first event of this name, skipping others (status and progress events are coalesced). */
        Event until(String name) {
            Event event = nextEvent();
            while (!event.name().equals(name)) {
                event = nextEvent();
            }
            return event;
        }

        /** The next event that is not a comment. */
        Event nextEvent() {
            while (true) {
                Event event = next().orElseThrow(() -> new AssertionError("the stream ended"));
                if (!event.name().equals(":")) {
                    return event;
                }
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    private static Events open(TestServer on, String user, String id, String lastEventId) throws Exception {
        HttpRequest.Builder request = on.request("/jobs/" + id).setHeader(TestServer.USER, user)
                .header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = on.client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        return new Events(response);
    }

    private static String submit(TestServer on, String user, String type, String body) {
        HttpResponse<String> response = on.send(on.request("/jobs/" + type).setHeader(TestServer.USER, user)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(response.statusCode()).isEqualTo(202);
        return TestServer.json(response).get("id").asText();
    }

    @Test
    void streamsStatusProgressAndAFinalEventThenEnds() throws Exception {
        String gate = UUID.randomUUID().toString();
        String id = submit(server, "alice", "gated", "{\"gate\":\"" + gate + "\"}");
        try (Events events = open(server, "alice", id, null)) {
            Event first = events.nextEvent();
            assertThat(first.name()).isEqualTo("status");
            assertThat(first.json().get("id").asText()).isEqualTo(id);
            assertThat(first.id()).isNotBlank();

            Event progressed = first;
            while (!progressed.json().has("progress")) {
                progressed = events.nextEvent();
            }
            assertThat(progressed.json().get("progress").get("step").asInt()).isEqualTo(1);

            TestJobs.open(gate);
            Event done = events.nextEvent();
            while (!done.name().equals("done")) {
                assertThat(done.name()).isIn("status", "progress");
                done = events.nextEvent();
            }
            assertThat(done.json().get("status").asText()).isEqualTo("Completed");
            assertThat(done.json().get("result").get("gate").asText()).isEqualTo(gate);
            assertThat(events.next()).as("after the final event").isEmpty();
        }
    }

    @Test
    void aTerminalJobStreamsOneFinalEvent() throws Exception {
        String id = submit(server, "alice", "echo", "{\"x\":7}");
        jobs.await(id, Duration.ofSeconds(30));
        try (Events events = open(server, "alice", id, null)) {
            Event done = events.nextEvent();
            assertThat(done.name()).isEqualTo("done");
            assertThat(done.json().get("result").get("x").asInt()).isEqualTo(7);
            assertThat(events.next()).isEmpty();
        }
    }

    @Test
    void lastEventIdResumesWithoutRepeatingWhatTheClientSaw() throws Exception {
        String gate = UUID.randomUUID().toString();
        String id = submit(server, "alice", "gated", "{\"gate\":\"" + gate + "\"}");
        String seen;
        try (Events events = open(server, "alice", id, null)) {
            Event event = events.nextEvent();
            while (!event.json().has("progress")) {
                event = events.nextEvent();
            }
            seen = event.id();
        }
        try (Events resumed = open(server, "alice", id, seen)) {
            // nothing changed since: the first thing on the resumed stream is a heartbeat, not the same snapshot
            Event first = resumed.next().orElseThrow();
            assertThat(first.name()).isEqualTo(":");
            TestJobs.open(gate);
            Event done = resumed.nextEvent();
            assertThat(done.name()).isEqualTo("done");
            assertThat(done.id()).isNotEqualTo(seen);
        }
    }

    @Test
    void withTheAzureProfileEveryEventNamesStatusesAsTheStatusMonitorDoes() throws Exception {
        try (AsyncJobs own = TestJobs.start();
             TestServer azure = TestServer.withFilter(AsyncJobsHttp.builder(own)
                     .defaultRenderer(ResponseRenderer.azureLongRunningOperation()).build())) {
            String gate = UUID.randomUUID().toString();
            HttpResponse<String> submitted = azure.send(azure.request("/jobs/gated").setHeader(TestServer.USER, "dave")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"gate\":\"" + gate + "\"}")).build());
            String id = TestServer.json(submitted).get("id").asText();
            try (Events events = open(azure, "dave", id, null)) {
                Event progressed = events.nextEvent();
                assertThat(progressed.json().get("status").asText()).isIn("NotStarted", "Running");
                while (!progressed.json().has("progress")) {
                    progressed = events.nextEvent();
                }
                assertThat(progressed.json().get("status").asText()).isEqualTo("Running");
                TestJobs.open(gate);
                assertThat(events.until("done").json().get("status").asText()).isEqualTo("Succeeded");
            }
        }
    }

    @Test
    void anotherOwnersJobIsNotFoundAndNotStreamed() throws Exception {
        String id = submit(server, "alice", "echo", "{}");

        HttpResponse<String> response = server.send(server.request("/jobs/" + id).setHeader(TestServer.USER, "mallory")
                .header("Accept", "text/event-stream").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void withoutTheEventStreamAcceptTheStatusIsJson() {
        String id = submit(server, "alice", "echo", "{}");

        HttpResponse<String> response = server.send(server.request("/jobs/" + id).setHeader(TestServer.USER, "alice")
                .header("Accept", "application/json, text/event-stream;q=0").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    }

    @Test
    void aJobRunOnAnotherInstanceIsFollowedToItsEnd() throws Exception {
        InMemoryJobStore store = new InMemoryJobStore();
        try (AsyncJobs worker = TestJobs.builder().store(store).build();
             AsyncJobs front = AsyncJobs.builder().store(store).submitOnly("gated", JsonNode.class)
                     .awaitPollInterval(Duration.ofMillis(50)).build();
             TestServer frontServer = TestServer.withFilter(AsyncJobsHttp.builder(front).build())) {
            String gate = UUID.randomUUID().toString();
            String id = submit(frontServer, "bob", "gated", "{\"gate\":\"" + gate + "\"}");
            try (Events events = open(frontServer, "bob", id, null)) {
                assertThat(events.nextEvent().name()).isEqualTo("status");
                TestJobs.open(gate);
                Event event = events.until("done");
                assertThat(event.json().get("status").asText()).isEqualTo("Completed");
                assertThat(events.next()).isEmpty();
            }
            assertThat(worker.find(id)).isPresent();
        }
    }

    @Test
    void manyStreamsOfOneInstanceAllReceiveTheirFinalEvent() throws Exception {
        int streams = 50;
        String gate = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ids.add(submit(server, "carol", "gated", "{\"gate\":\"" + gate + "\"}"));
        }
        List<Events> open = new ArrayList<>();
        try {
            for (String id : ids) {
                Events events = open(server, "carol", id, null);
                open.add(events);
                assertThat(events.nextEvent().name()).isEqualTo("status");
            }
            TestJobs.open(gate);
            int completed = 0;
            for (Events events : open) {
                Event event = events.until("done");
                assertThat(event.json().get("status").asText()).isEqualTo("Completed");
                assertThat(events.next()).isEmpty();
                completed++;
            }
            assertThat(completed).isEqualTo(streams);
        } finally {
            open.forEach(Events::close);
        }
    }
}
