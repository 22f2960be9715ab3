package dev.asyncapi.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.internal.JobTransitions;
import dev.asyncapi.core.spi.JobStoreListener;
import dev.asyncapi.postgres.server.PostgresExtension;
import dev.asyncapi.postgres.server.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The LISTEN/NOTIFY change feed: what each write announces, heard through another store instance (another
 * connection), and the listener's recovery from a terminated connection and from a server restart.
 */
@ExtendWith(PostgresExtension.class)
class ChangeFeedIT {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final PostgresServer shared;

    ChangeFeedIT(PostgresServer shared) {
        this.shared = shared;
    }

    /** Hears everything, in order, as "due <type>", "changed <id>" and "missed". */
    private static final class Recorder implements JobStoreListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void workDue(String type) {
            heard.add("due " + type);
        }

        @Override
        public void jobChanged(String jobId) {
            heard.add("changed " + jobId);
        }

        @Override
        public void changesMissed() {
            heard.add("missed");
        }

        /**
         * Waits until the listener has heard of {@code marker}'s creation (a create announces its type: give each
         * marker a type of its own), then returns all heard before it.
         */
        List<String> upTo(Job marker) {
            await().atMost(WAIT).until(() -> heard.contains("due " + marker.type()));
            return List.copyOf(heard.subList(0, heard.indexOf("due " + marker.type())));
        }
    }

    /** Waits, after each write, until the store has sent that write's announcement. */
    private record Announced(PostgresJobStore store) {
        <T> T sent(T written) throws InterruptedException {
            assertThat(store.notifier().awaitSent(WAIT)).as("announced within %s", WAIT).isTrue();
            return written;
        }
    }

    /** A store on {@code ds} without the gap between announcements: any create on a quiet store announces itself. */
    private static PostgresJobStore announcingAtOnce(DataSource ds, String schema) {
        return PostgresJobStore.builder(ds).schema(schema).announcementGap(Duration.ZERO).build();
    }

    /** Subscribes {@code recorder} to {@code store}'s feed and waits until the feed listens. */
    private static AutoCloseable listenedTo(PostgresJobStore store, Recorder recorder) {
        AutoCloseable subscription = store.listen(recorder);
        await().atMost(WAIT).until(() -> store.changeFeed().connectionsOpened() == 1);
        return subscription;
    }

    private static Job pending(String type) {
        return JobTransitions.newPending(JobIds.newId(), type, "{}", null, null, T0);
    }

    @Test
    void aListenerHearsDueWorkEndsAndDeletesMadeThroughAnotherStoreButNotClaimsOrProgress() throws Exception {
        String schema = TestSchemas.unique("feed");
        try (PostgresJobStore listening = PostgresJobStore.builder(shared.dataSource()).schema(schema).build();
             PostgresJobStore writing = PostgresJobStore.builder(shared.dataSource()).schema(schema).build()) {
            Recorder recorder = new Recorder();
            try (AutoCloseable subscription = listening.listen(recorder)) {
                await().atMost(WAIT).until(() -> listening.changeFeed().connectionsOpened() == 1);

                // each write's announcement is sent before the next write: identical announcements sent in one
                // batch would arrive once
                Announced w = new Announced(writing);
                Job created = w.sent(writing.create(pending("report")));
                Job claimed = w.sent(writing.update(JobTransitions.claim(created, "w", T0, T0.plusSeconds(30))));
                Job progressed = w.sent(writing.update(JobTransitions.withProgress(claimed, T0.plusSeconds(1), "{\"p\":1}")));
                Job released = w.sent(writing.update(JobTransitions.release(progressed, T0.plusSeconds(2), T0.plusSeconds(2))));
                Job reclaimed = w.sent(writing.update(JobTransitions.claim(released, "w", T0.plusSeconds(3), T0.plusSeconds(30))));
                // a retry scheduled for later is not due yet: only the sweep will find it
                Job later = w.sent(writing.update(JobTransitions.release(reclaimed, T0.plusSeconds(4), T0.plusSeconds(60))));
                w.sent(writing.delete(later.id()));
                Job quick = w.sent(writing.create(pending("quick")));
                Job quickRunning = w.sent(writing.update(JobTransitions.claim(quick, "w", T0, T0.plusSeconds(30))));
                w.sent(writing.update(JobTransitions.complete(quickRunning, T0.plusSeconds(1), "1")));
                Job marker = w.sent(writing.create(pending("marker")));

                String id = created.id();
                assertThat(recorder.upTo(marker)).containsExactly(
                        "missed",                           // subscribed before the feed listened
                        "due report",                       // create: the type alone
                        // claim and progress: not announced
                        "due report", "changed " + id,      // release, due at once
                        // claim again, and a release for later (not due yet): not announced
                        "changed " + id,                    // delete
                        "due quick",                        // create
                        "changed " + quick.id());           // completed: its awaits and streams wake
            }
            assertThat(listening.changeFeed().isRunning()).as("the last subscription closed stops the thread").isFalse();
        }
    }

    @Test
    void aCreateOnAQuietStoreAnnouncesWithinItsInsertAndOneBehindAPendingAnnouncementWaitsItsTurn() throws Exception {
        String schema = TestSchemas.unique("within");
        RecordingDataSource ds = new RecordingDataSource(shared.dataSource());
        try (PostgresJobStore listening = PostgresJobStore.builder(shared.dataSource()).schema(schema).build();
             PostgresJobStore writing = announcingAtOnce(ds, schema)) {
            Recorder recorder = new Recorder();
            try (AutoCloseable subscription = listenedTo(listening, recorder)) {
                Job running = writing.update(JobTransitions.claim(writing.create(pending("first")), "w", T0,
                        T0.plusSeconds(30)));
                assertThat(recorder.upTo(writing.create(pending("quiet")))).containsExactly("missed", "due first");
                assertThat(ds.statements).filteredOn(sql -> sql.startsWith("INSERT"))
                        .as("each create announced itself").hasSize(2).allMatch(sql -> sql.contains("pg_notify"));

                // the completion's announcement goes through the notifier, which waits for its connection
                CountDownLatch release = ds.holdTheNextConnectionOf("asyncapi-postgres-notifier");
                writing.update(JobTransitions.complete(running, T0.plusSeconds(1), "1"));
                ds.reset();
                Job behind = writing.create(pending("behind"));
                assertThat(ds.statements).as("the create behind a pending announcement queues its own")
                        .singleElement().satisfies(sql -> assertThat(sql).startsWith("INSERT")
                                .doesNotContain("pg_notify"));
                release.countDown();

                assertThat(recorder.upTo(writing.create(pending("marker")))).as("heard in the order written")
                        .containsExactly("missed", "due first", "due quiet", "changed " + running.id(),
                                "due " + behind.type());
            }
        }
    }

    @Test
    void createsLinedUpTogetherAnnounceWithinTheirSharedInsert() throws Exception {
        String schema = TestSchemas.unique("shared");
        RecordingDataSource ds = new RecordingDataSource(shared.dataSource());
        ExecutorService callers = Executors.newCachedThreadPool();
        try (PostgresJobStore listening = PostgresJobStore.builder(shared.dataSource()).schema(schema).build();
             PostgresJobStore writing = announcingAtOnce(ds, schema)) {
            Recorder recorder = new Recorder();
            try (AutoCloseable subscription = listenedTo(listening, recorder)) {
                CountDownLatch release = ds.holdTheNextConnection();
                Future<Job> first = callers.submit(() -> writing.create(pending("held")));
                await().atMost(WAIT).until(() -> writing.creates().batches() == 1);
                List<Future<Job>> lined = new ArrayList<>();
                for (String type : List.of("x", "y", "z")) {
                    lined.add(callers.submit(() -> writing.create(pending(type))));
                }
                await().atMost(WAIT).until(() -> writing.creates().queued() == 3);
                release.countDown();
                first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                for (Future<Job> f : lined) {
                    f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }

                await().atMost(WAIT).until(() -> recorder.heard.size() == 5);
                assertThat(recorder.heard).containsExactlyInAnyOrder("missed", "due held", "due x", "due y", "due z");
                assertThat(writing.creates().batches()).as("the held create, then the three as one").isEqualTo(2);
                List<String> inserts = ds.statements.stream().filter(sql -> sql.startsWith("INSERT")).toList();
                assertThat(inserts).hasSize(2).allMatch(sql -> sql.contains("pg_notify"));
                assertThat(ds.statements).as("nothing else announced").filteredOn(sql -> sql.contains("pg_notify"))
                        .isEqualTo(inserts);
                assertThat(writing.notifier().batchesSent()).isZero();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theListenerReconnectsAfterItsConnectionIsTerminated() throws Exception {
        String database = TestSchemas.unique("terminated");
        shared.createDatabase(database);
        DataSource ds = shared.dataSource(database);
        try (PostgresJobStore listening = PostgresJobStore.builder(ds).build();
             PostgresJobStore writing = PostgresJobStore.builder(ds).build()) {
            Recorder recorder = new Recorder();
            try (AutoCloseable subscription = listening.listen(recorder)) {
                await().atMost(WAIT).until(() -> listening.changeFeed().connectionsOpened() == 1);

                assertThat(terminateOtherBackends(ds)).as("backends terminated: the listener's").isEqualTo(1);

                await().atMost(WAIT).until(() -> listening.changeFeed().connectionsOpened() == 2);
                Job job = writing.create(pending("t"));
                // changes made while it was reconnecting went unheard, and it says so once it listens again (as it
                // did when it first listened)
                assertThat(recorder.upTo(job)).containsExactly("missed", "missed");
            }
        }
    }

    @Test
    void theListenerReconnectsAfterTheServerRestartsAndOperationsFailAsUnavailableMeanwhile() throws Exception {
        try (PostgresServer server = PostgresServer.start();
             PostgresJobStore listening = PostgresJobStore.builder(server.dataSource()).build();
             PostgresJobStore writing = PostgresJobStore.builder(server.dataSource())
                     .retry(2, Duration.ofMillis(10), Duration.ofMillis(20)).build()) {
            Recorder recorder = new Recorder();
            try (AutoCloseable subscription = listening.listen(recorder)) {
                await().atMost(WAIT).until(() -> listening.changeFeed().connectionsOpened() == 1);
                Job before = writing.create(pending("before"));
                recorder.upTo(before);

                server.stop();
                assertThatThrownBy(() -> writing.find(before.id()))
                        .isInstanceOf(JobStoreUnavailableException.class).hasMessageContaining("after 2 attempts");
                server.startAgain();

                await().atMost(WAIT).until(() -> listening.changeFeed().connectionsOpened() == 2);
                Job after = writing.create(pending("after"));
                assertThat(recorder.upTo(after)).as("at the first LISTEN and at the one after the restart")
                        .filteredOn("missed"::equals).hasSize(2);
                assertThat(writing.find(before.id())).isPresent();
            }
        }
    }

    @Test
    void closingTheStoreGivesAPooledListeningConnectionBackHealthy() throws Exception {
        String database = TestSchemas.unique("pooled");
        shared.createDatabase(database);
        HikariConfig config = new HikariConfig();
        config.setDataSource(shared.dataSource(database));
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            PostgresJobStore store = PostgresJobStore.builder(pool).build();
            store.listen(new Recorder());
            await().atMost(WAIT).until(() -> store.changeFeed().connectionsOpened() == 1);
            int opened = pool.getHikariPoolMXBean().getTotalConnections();

            store.close();

            // an aborted connection would be marked broken and evicted; a healthy one goes back idle
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(opened);
            assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isEqualTo(opened);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_listening_channels()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("channels a pooled connection still listens on").isZero();
            }
        }
    }

    @Test
    void closingTheStoreStopsTheListenerAndReleasesItsConnection() throws Exception {
        String database = TestSchemas.unique("closing");
        shared.createDatabase(database);
        DataSource ds = shared.dataSource(database);
        PostgresJobStore store = PostgresJobStore.builder(ds).build();
        store.listen(new Recorder());
        await().atMost(WAIT).until(() -> store.changeFeed().connectionsOpened() == 1);
        assertThat(otherBackends(ds)).isEqualTo(1);

        long started = System.nanoTime();
        store.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(store.changeFeed().isRunning()).isFalse();
        assertThat(took).as("close ends the wait for notifications instead of sitting out its 10 s")
                .isLessThan(Duration.ofSeconds(5));
        await().atMost(WAIT).until(() -> otherBackends(ds) == 0);
        assertThatThrownBy(() -> store.listen(new Recorder())).isInstanceOf(IllegalStateException.class);
    }

    private static int terminateOtherBackends(DataSource ds) throws SQLException {
        return count(ds, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
    }

    private static int otherBackends(DataSource ds) throws SQLException {
        return count(ds, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND pid <> pg_backend_pid()");
    }

    private static int count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
