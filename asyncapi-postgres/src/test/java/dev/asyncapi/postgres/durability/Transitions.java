package dev.asyncapi.postgres.durability;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every write of the store's jobs table as the database saw it: a trigger the test adds next to the store's own
 * appends one row per insert and update to {@code <schema>.job_transitions}, in the writing transaction, with the
 * status, attempt, lease owner and lease expiry before and after, and the database's clock at the write. It
 * records what was committed, whoever wrote it, so claims, takeovers and outcomes can be counted per job.
 */
final class Transitions {

    private static final List<String> TERMINAL = List.of("Completed", "Failed", "Terminated");

    private Transitions() {
    }

    /**
     * One committed write of one job.
     *
     * @param seq           order of the writes
     * @param jobId         the job
     * @param oldStatus     status before, or null for the insert
     * @param newStatus     status after
     * @param oldAttempt    attempt before (0 for the insert)
     * @param newAttempt    attempt after
     * @param oldOwner      lease owner before, or null
     * @param newOwner      lease owner after, or null
     * @param oldLeaseEnds  lease expiry before, or null
     * @param newUpdatedAt  the writer's own instant of the write ({@code updated_at})
     * @param at            the database's clock at the write
     */
    record Write(long seq, String jobId, String oldStatus, String newStatus, int oldAttempt, int newAttempt,
                 String oldOwner, String newOwner, Instant oldLeaseEnds, Instant newUpdatedAt, Instant at) {

        /** A worker took the job to run it: Pending to Running, or Running to Running with a new attempt. */
        boolean isClaim() {
            return "Running".equals(newStatus) && newAttempt > oldAttempt;
        }

        /** A claim of a job another worker held: its lease must have expired. */
        boolean isTakeover() {
            return isClaim() && "Running".equals(oldStatus);
        }

        /** The write that made the job terminal. */
        boolean isOutcome() {
            return oldStatus != null && !TERMINAL.contains(oldStatus) && TERMINAL.contains(newStatus);
        }

        /** A write to a job that was already terminal: must never happen. */
        boolean changesATerminalJob() {
            return oldStatus != null && TERMINAL.contains(oldStatus);
        }

        /** A heartbeat: the same run's lease (or progress) written again. */
        boolean isRenewal() {
            return "Running".equals(oldStatus) && "Running".equals(newStatus) && newAttempt == oldAttempt;
        }
    }

    /** Adds the table and the trigger to the store's schema (the store must have created its table). */
    static void install(DataSource dataSource, String schema) throws SQLException {
        String s = "\"" + schema + "\"";
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + s + ".job_transitions (seq bigserial PRIMARY KEY, job_id text NOT NULL,"
                    + " old_status text, new_status text NOT NULL, old_attempt integer NOT NULL,"
                    + " new_attempt integer NOT NULL, old_owner text, new_owner text, old_lease_ends timestamptz,"
                    + " new_updated_at timestamptz NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
            st.execute("CREATE FUNCTION " + s + ".record_job_transition() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN"
                    + "   IF TG_OP = 'INSERT' THEN"
                    + "     INSERT INTO " + s + ".job_transitions (job_id, new_status, old_attempt, new_attempt,"
                    + "         new_owner, new_updated_at)"
                    + "       VALUES (NEW.id, NEW.status, 0, NEW.attempt, NEW.lease_owner, NEW.updated_at);"
                    + "   ELSE"
                    + "     INSERT INTO " + s + ".job_transitions (job_id, old_status, new_status, old_attempt,"
                    + "         new_attempt, old_owner, new_owner, old_lease_ends, new_updated_at)"
                    + "       VALUES (NEW.id, OLD.status, NEW.status, OLD.attempt, NEW.attempt, OLD.lease_owner,"
                    + "         NEW.lease_owner, OLD.lease_expires_at, NEW.updated_at);"
                    + "   END IF;"
                    + "   RETURN NEW;"
                    + " END $$");
            st.execute("CREATE TRIGGER record_job_transition AFTER INSERT OR UPDATE ON " + s + ".asyncapi_jobs"
                    + " FOR EACH ROW EXECUTE FUNCTION " + s + ".record_job_transition()");
        }
    }

    /** Every recorded write, in order. */
    static List<Write> all(DataSource dataSource, String schema) throws SQLException {
        List<Write> writes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq, job_id, old_status, new_status, old_attempt, new_attempt,"
                     + " old_owner, new_owner, old_lease_ends, new_updated_at, at FROM \"" + schema
                     + "\".job_transitions ORDER BY seq")) {
            while (rs.next()) {
                writes.add(new Write(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))));
            }
        }
        return writes;
    }

    /** The sequence number of the latest recorded write, 0 if none. */
    static long lastSeq(DataSource dataSource, String schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM \"" + schema + "\".job_transitions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The fewest lease renewals (writes of a Running job keeping its attempt) recorded after {@code afterSeq} among
     * {@code jobIds}.
     */
    static long renewals(DataSource dataSource, String schema, Collection<String> jobIds, long afterSeq)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(min(n), 0) FROM (SELECT ids.id,"
                     + " count(t.seq) AS n FROM unnest(?::text[]) AS ids(id) LEFT JOIN \"" + schema
                     + "\".job_transitions t ON t.job_id = ids.id AND t.old_status = 'Running'"
                     + " AND t.new_status = 'Running' AND t.old_attempt = t.new_attempt AND t.seq > ? GROUP BY ids.id) counts")) {
            ps.setArray(1, c.createArrayOf("text", jobIds.toArray()));
            ps.setLong(2, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Map<String, List<Write>> byJob(List<Write> writes) {
        return writes.stream().collect(Collectors.groupingBy(Write::jobId));
    }

    private static Instant instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant).orElse(null);
    }
}
