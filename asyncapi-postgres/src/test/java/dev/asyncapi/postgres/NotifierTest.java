package dev.asyncapi.postgres;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a write may carry its own announcement: only on a quiet notifier (nothing waiting to be sent, the gap since
 * the last announcement passed). What the announcements do on a real server is {@code ChangeFeedIT}'s.
 */
class NotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch refuse = new CountDownLatch(1);

    /** A data source whose getConnection waits for {@link #refuse}, then is refused: what it sends is dropped. */
    private DataSource refusingOnceReleased() {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                        refuse.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                        throw new SQLException("Connection to 127.0.0.1:1 refused", "08001");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private Notifier notifier(Duration gap) {
        return new Notifier(refusingOnceReleased(), "public.asyncapi_jobs", 30, gap);
    }

    @Test
    void aWriteAnnouncesItselfOnlyOnceTheGapSinceTheLastAnnouncementHasPassed() {
        Notifier notifier = notifier(Duration.ofHours(1));
        try {
            assertThat(notifier.announceWithWrite()).as("the first: nothing announced yet").isTrue();
            assertThat(notifier.announceWithWrite()).as("within the gap of the first").isFalse();
            assertThat(notifier.announcedWithWrites()).isEqualTo(1);
            assertThat(connections).as("granting sends nothing").hasValue(0);
        } finally {
            notifier.close();
        }
    }

    @Test
    void aWriteBehindAnAnnouncementStillWaitingToBeSentLeavesItsOwnToTheNotifier() throws Exception {
        Notifier notifier = notifier(Duration.ZERO);
        try {
            notifier.announce("queued");
            await().atMost(WAIT).until(() -> connections.get() == 1);
            assertThat(notifier.announceWithWrite()).as("one announcement is still being sent").isFalse();

            refuse.countDown();
            assertThat(notifier.awaitSent(WAIT)).isTrue();
            assertThat(notifier.announceWithWrite()).as("sent (here: dropped), so the notifier is quiet").isTrue();
        } finally {
            refuse.countDown();
            notifier.close();
        }
    }

    @Test
    void aClosedNotifierLetsNoWriteAnnounce() {
        Notifier notifier = notifier(Duration.ZERO);
        notifier.close();

        assertThat(notifier.announceWithWrite()).isFalse();
        assertThat(notifier.announcedWithWrites()).isZero();
    }
}
