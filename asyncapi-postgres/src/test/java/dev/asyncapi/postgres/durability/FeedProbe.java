package dev.asyncapi.postgres.durability;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Whether a store's change feed listens, read from the server: its connection (found by
 * {@code application_name}) has run its {@code LISTEN} and sits idle. From then on every committed write reaches
 * it, so a test that waits for this before it writes cannot lose the notification to a start-up race.
 */
final class FeedProbe {

    private FeedProbe() {
    }

    /**
     * Waits until the listening connection named {@code applicationName} has run its {@code LISTEN} (its last
     * statement is that {@code LISTEN}, or the periodic {@code SELECT 1} check that only follows it).
     *
     * @return how many such connections the server has (1 when the feed is healthy)
     */
    static int awaitListening(DataSource dataSource, String applicationName, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> listening(dataSource, applicationName), n -> n > 0);
    }

    static int listening(DataSource dataSource, String applicationName) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name"
                     + " = ? AND state = 'idle' AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')")) {
            ps.setString(1, applicationName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
