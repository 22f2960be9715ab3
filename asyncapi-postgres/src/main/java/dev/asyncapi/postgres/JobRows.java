package dev.asyncapi.postgres;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.Lease;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.TraceContext;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps jobs to rows of the jobs table and back. Instants are kept to the microsecond ({@code timestamptz}); a
 * snapshot with finer instants is stored, and returned, truncated to the microsecond.
 */
final class JobRows {

    /** The columns every read selects, in the order {@link #read} expects. */
    static final String COLUMNS = "id, type, status, input, progress, output, failure_code, failure_message, owner, "
            + "idempotency_key, attempt, created_at, updated_at, started_at, finished_at, not_before, lease_owner, "
            + "lease_expires_at, version, trace_parent, trace_state, callback_url, callback_state, callback_attempts, "
            + "callback_due_at";

    /** How many columns {@link #COLUMNS} names. */
    static final int COLUMN_COUNT = COLUMNS.split(", ").length;

    /** The columns {@link #bindState} binds, in order. */
    static final String STATE_COLUMNS = "type, status, input, progress, output, failure_code, failure_message, owner, "
            + "idempotency_key, idempotency_hash, attempt, created_at, updated_at, started_at, finished_at, not_before, "
            + "lease_owner, lease_expires_at, callback_url, callback_state, callback_attempts, callback_due_at, "
            + "write_token, trace_parent, trace_state";

    /** The instants {@code Instant.toString()} writes in plain ISO-8601 (four-digit years). */
    private static final Instant FIRST_ISO_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant END_OF_ISO_INSTANTS = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** How many parameters {@link #bindState} binds. */
    static final int STATE_PARAMETERS = 25;

    /** The SQL type of each of {@link #STATE_COLUMNS}, in order. */
    private static final List<String> STATE_TYPES = List.of("text", "text", "text", "text", "text", "text", "text",
            "text", "text", "bytea", "integer", "timestamptz", "timestamptz", "timestamptz", "timestamptz",
            "timestamptz", "text", "timestamptz", "text", "text", "integer", "timestamptz", "uuid", "text", "text");

    /**
     * {@link #COLUMNS}, each qualified by a table alias ({@code j.id, j.type, ...}), for a statement that joins the
     * jobs table with another relation having columns of the same names.
     */
    static String columnsOf(String alias) {
        return Stream.of(COLUMNS.split(", ")).map(c -> alias + "." + c).collect(Collectors.joining(", "));
    }

    /** {@link #STATE_COLUMNS} one by one. */
    static List<String> stateColumns() {
        return List.of(STATE_COLUMNS.split(", "));
    }

    /**
     * The placeholders of {@link #bindState}, each cast to its column's type ({@code ?::text, ?::text, ...}): a row
     * of a multi-row {@code VALUES} list, whose column types would otherwise come from the values bound.
     */
    static String typedStatePlaceholders() {
        return STATE_TYPES.stream().map(t -> "?::" + t).collect(Collectors.joining(", "));
    }

    private JobRows() {
    }

    /**
     * Binds a job's columns other than its id, from parameter {@code first} on.
     *
     * @return the next parameter index
     */
    static int bindState(PreparedStatement ps, int first, Job job, UUID writeToken) throws SQLException {
        int i = first;
        ps.setString(i++, job.type());
        ps.setString(i++, job.status().wireName());
        ps.setString(i++, job.inputJson());
        ps.setString(i++, job.progressJson().orElse(null));
        ps.setString(i++, job.outputJson().orElse(null));
        ps.setString(i++, job.failure().map(JobFailure::code).orElse(null));
        ps.setString(i++, job.failure().map(JobFailure::message).orElse(null));
        ps.setString(i++, job.owner().orElse(null));
        ps.setString(i++, job.idempotencyKey().orElse(null));
        byte[] hash = job.idempotencyKey().map(k -> idempotencyHash(job.owner().orElse(null), k)).orElse(null);
        if (hash == null) {
            ps.setNull(i++, Types.BINARY);
        } else {
            ps.setBytes(i++, hash);
        }
        ps.setInt(i++, job.attempt());
        setInstant(ps, i++, job.createdAt());
        setInstant(ps, i++, job.updatedAt());
        setInstant(ps, i++, job.startedAt().orElse(null));
        setInstant(ps, i++, job.finishedAt().orElse(null));
        setInstant(ps, i++, job.notBefore());
        ps.setString(i++, job.lease().map(Lease::workerId).orElse(null));
        setInstant(ps, i++, job.lease().map(Lease::expiresAt).orElse(null));
        ps.setString(i++, job.callback().map(c -> c.url().toString()).orElse(null));
        ps.setString(i++, job.callback().map(c -> c.state().name()).orElse(null));
        ps.setInt(i++, job.callback().map(JobCallback::attempts).orElse(0));
        setInstant(ps, i++, job.callback().flatMap(JobCallback::dueAt).orElse(null));
        ps.setObject(i++, writeToken);
        ps.setString(i++, job.traceContext().map(TraceContext::traceparent).orElse(null));
        ps.setString(i++, job.traceContext().flatMap(TraceContext::tracestate).orElse(null));
        return i;
    }

    /** Reads a row selected with {@link #COLUMNS}. */
    static Job read(ResultSet rs) throws SQLException {
        Job.Builder b = Job.builder()
                .id(rs.getString(1))
                .type(rs.getString(2))
                .status(status(rs.getString(3)))
                .inputJson(rs.getString(4))
                .progressJson(rs.getString(5))
                .outputJson(rs.getString(6));
        String failureCode = rs.getString(7);
        if (failureCode != null) {
            String message = rs.getString(8);
            b.failure(new JobFailure(failureCode, message == null ? "" : message));
        }
        b.owner(rs.getString(9))
                .idempotencyKey(rs.getString(10))
                .attempt(rs.getInt(11))
                .createdAt(instant(rs, 12))
                .updatedAt(instant(rs, 13))
                .startedAt(instant(rs, 14))
                .finishedAt(instant(rs, 15))
                .notBefore(instant(rs, 16));
        String leaseOwner = rs.getString(17);
        if (leaseOwner != null) {
            b.lease(new Lease(leaseOwner, instant(rs, 18)));
        }
        String traceparent = rs.getString(20);
        if (traceparent != null) {
            b.traceContext(TraceContext.of(traceparent, rs.getString(21)));
        }
        String callbackUrl = rs.getString(22);
        if (callbackUrl != null) {
            b.callback(new JobCallback(URI.create(callbackUrl), JobCallback.State.valueOf(rs.getString(23)),
                    rs.getInt(24), Optional.ofNullable(instant(rs, 25))));
        }
        return b.version(Long.toString(rs.getLong(19))).build();
    }

    private static JobStatus status(String wireName) {
        return JobStatus.fromWireName(wireName).orElseThrow(
                () -> new IllegalStateException("the jobs table holds an unknown status '" + wireName + "'"));
    }

    /**
     * The snapshot as the table holds it: instants truncated to the microsecond. The same object when nothing
     * needs truncating, which is every snapshot of a JVM whose clock ticks in microseconds.
     */
    static Job asStored(Job job) {
        boolean fine = isMicros(job.createdAt()) && isMicros(job.updatedAt()) && isMicros(job.notBefore())
                && job.startedAt().map(JobRows::isMicros).orElse(true)
                && job.finishedAt().map(JobRows::isMicros).orElse(true)
                && job.lease().map(l -> isMicros(l.expiresAt())).orElse(true)
                && job.callback().flatMap(JobCallback::dueAt).map(JobRows::isMicros).orElse(true);
        if (fine) {
            return job;
        }
        return job.toBuilder()
                .createdAt(micros(job.createdAt()))
                .updatedAt(micros(job.updatedAt()))
                .notBefore(micros(job.notBefore()))
                .startedAt(job.startedAt().map(JobRows::micros).orElse(null))
                .finishedAt(job.finishedAt().map(JobRows::micros).orElse(null))
                .lease(job.lease().map(l -> new Lease(l.workerId(), micros(l.expiresAt()))).orElse(null))
                .callback(job.callback().map(c -> new JobCallback(c.url(), c.state(), c.attempts(),
                        c.dueAt().map(JobRows::micros))).orElse(null))
                .build();
    }

    private static boolean isMicros(Instant instant) {
        return instant.getNano() % 1_000 == 0;
    }

    static Instant micros(Instant instant) {
        return isMicros(instant) ? instant : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Binds an instant, or null, as text of unspecified type that the server reads as the {@code timestamptz} its
     * place needs: ISO-8601 in UTC ({@code Instant.toString()}) is several times cheaper to write than the driver's
     * {@code OffsetDateTime} rendering, and a null takes the same parameter type as a value, so a statement is
     * never prepared again because a column went from null to set. An instant outside the years 1 to 9999, which
     * that text cannot carry, goes through the driver.
     */
    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.OTHER);
            return;
        }
        Instant at = micros(instant);
        if (!at.isBefore(FIRST_ISO_INSTANT) && at.isBefore(END_OF_ISO_INSTANTS)) {
            ps.setObject(index, at.toString(), Types.OTHER);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    static Instant instant(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * Checks the job's text against the store's limit: input, progress, output and failure message together,
     * counted in UTF-8 bytes.
     *
     * @throws PayloadTooLargeException if over the limit
     */
    static void checkSize(Job job, long maxBytes) {
        long input = utf8Length(job.inputJson());
        long progress = job.progressJson().map(JobRows::utf8Length).orElse(0L);
        long output = job.outputJson().map(JobRows::utf8Length).orElse(0L);
        long failure = job.failure().map(f -> utf8Length(f.message())).orElse(0L);
        long total = input + progress + output + failure;
        if (total > maxBytes) {
            throw new PayloadTooLargeException("job " + job.id() + " holds " + total + " bytes of payload (input "
                    + input + ", progress " + progress + ", output " + output + ", failure message " + failure
                    + "), over the PostgreSQL store's limit of " + maxBytes + " bytes per job");
        }
    }

    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** SHA-256 of (owner, key), unambiguous for a null owner and for any lengths. */
    static byte[] idempotencyHash(String owner, String key) {
        String text = (owner == null ? "-" : "+" + owner.length() + ":" + owner) + "|" + key;
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
