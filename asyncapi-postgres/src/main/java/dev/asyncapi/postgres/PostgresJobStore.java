package dev.asyncapi.postgres;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.PurgeRules;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.JobStoreListener;
import dev.asyncapi.core.spi.StaleJobVersionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * A {@link JobStore} on PostgreSQL (12 or newer), shared safely by any number of engines in any number of
 * processes, with {@code LISTEN/NOTIFY} as its change feed.
 *
 * <p>Layout (see {@code docs/postgres.md}): one row per job in {@code <schema>.<prefix>jobs}. Every write takes a
 * new number from a sequence as the job's version, and {@link #update} is one {@code UPDATE ... WHERE id = ? AND
 * version = ?}: the compare-and-set. Due work is read from a partial index holding only Pending and Running jobs,
 * by type and due instant, so finding it costs the same however many finished jobs the table holds. When a
 * write commits, the store announces due work, a job's end and deletes on the table's channel (batched, from a
 * transaction of its own; a create on a quiet store from its own {@code INSERT}), which {@link #listen} turns into
 * {@link JobStoreListener} calls.
 * Each operation is one statement on one connection from the {@link DataSource} ({@link #purge} one per batch);
 * a status read is one primary-key lookup. Creates and updates of concurrent callers share statements: those that
 * arrive while one of their kind is under way go together next, as one multi-row {@code INSERT} or one transaction
 * of {@code UPDATE}s (see {@link Builder#writeBatchSize}), each caller still getting its own answer.
 *
 * <p>Instants are kept to the microsecond: a snapshot with finer instants is stored, and returned by
 * {@link #create} and {@link #update}, truncated to the microsecond. JSON payloads are {@code text}, kept exactly
 * as given.
 *
 * <p>Errors: connection failures, statement timeouts, a server shutting down or starting, too many connections,
 * serialization failures and deadlocks are retried (see {@link Builder#retry}), then throw
 * {@link JobStoreUnavailableException}; a write whose answer was lost is recognised by its random write token when
 * retried, so it is never reported failed when it happened. Any other SQL error throws
 * {@link PostgresStoreException} at once. A job over {@link Builder#maxPayloadBytes} throws
 * {@link PayloadTooLargeException} before anything is sent.
 *
 * <p>Build it with {@link #builder(DataSource)}. Thread-safe and immutable but for the change feed's thread;
 * {@link #close()} stops that thread and leaves the data source open.
 */
public final class PostgresJobStore implements JobStore {

    /** Default schema of the tables: {@value}. */
    public static final String DEFAULT_SCHEMA = "public";
    /** Default prefix of every table, index, sequence and function name: {@value}. */
    public static final String DEFAULT_TABLE_PREFIX = "asyncapi_";
    /** Default timeout of one statement: 30 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** Default attempts per operation on transient errors: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default first retry delay: 100 ms, doubling per attempt with jitter. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(100);
    /** Default cap of one retry delay: 2 s. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(2);
    /** Default limit of a job's payload (input, progress, output and failure message, in UTF-8): 16 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
    /** Largest payload limit: 256 MiB, well under PostgreSQL's 1 GB per value. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
    /** Default number of jobs one purge statement deletes: {@value}. */
    public static final int DEFAULT_PURGE_BATCH_SIZE = 1_000;
    /** Largest purge batch: {@value}. */
    public static final int MAX_PURGE_BATCH_SIZE = 10_000;
    /** Default of the most writes of concurrent callers that one statement carries: {@value}. */
    public static final int DEFAULT_WRITE_BATCH_SIZE = 32;
    /** Largest write batch: {@value}. */
    public static final int MAX_WRITE_BATCH_SIZE = 256;
    /** Default interval at which the change feed checks its connection: 10 s. */
    public static final Duration DEFAULT_LISTENER_CHECK_INTERVAL = Duration.ofSeconds(10);

    private static final String TOKEN_PREFIX = "v1:";
    private static final String DUE_STATUSES = "('Pending', 'Running')";
    private static final String TERMINAL_STATUSES = "('Completed', 'Failed', 'Terminated')";
    /**
     * Appended to an {@code INSERT}'s {@code RETURNING}: notifies the channel (first parameter) of each payload
     * (second, a text array), once, at the first row returned; a statement that inserts nothing announces nothing.
     */
    private static final String ANNOUNCING = ", (SELECT count(pg_notify(?, p)) FROM unnest(?::text[]) p)";

    private final Schema schema;
    private final SqlCalls calls;
    private final ChangeFeed feed;
    private final Notifier notifier;
    private final long maxPayloadBytes;
    private final int purgeBatchSize;

    private final String insertSql;
    /** {@link #insertSql} that also announces on the change feed, in the same statement. */
    private final String insertAnnouncingSql;
    private final String updateSql;
    private final String findSql;
    private final String writeTokenSql;
    private final String findDueSql;
    /**
     * The claim of due work of several types: one {@code UPDATE} of the rows a locking scan per type picked (the
     * scans of {@link #findDueSql}, skipping rows another transaction holds), returning each claimed row and since
     * when it was due.
     */
    private final String claimDueSql;
    /** {@link #claimDueSql} for one type: one plain index range scan, planned and run in a fraction of the time. */
    private final String claimDueOfOneTypeSql;
    private final String findByKeySql;
    private final String findDeliveriesDueSql;
    private final String deleteSql;
    private final String purgeSql;
    /** Index n: the multi-row insert of n jobs (2 to the write batch size). */
    private final String[] insertManySql;
    /** Index n: {@link #insertManySql} that also announces on the change feed, in the same statement. */
    private final String[] insertManyAnnouncingSql;
    /** {@link #updateSql} without its RETURNING: the driver returns the new versions of a batch as generated keys. */
    private final String updateEachSql;
    private final WriteCombiner<Write, Long> creates;
    private final WriteCombiner<Write, Long> updates;

    /**
     * A write on its way: the snapshot as stored, its random write token, for an update the version expected, and
     * for a create on a quiet store the payload its own statement announces.
     */
    private record Write(Job job, UUID token, long expected, Optional<String> announcement) {
    }

    private PostgresJobStore(Builder b) {
        this.schema = new Schema(b.schema, b.tablePrefix);
        this.calls = new SqlCalls(b.dataSource, b.maxAttempts, b.retryDelay, b.maxRetryDelay, b.statementTimeout);
        this.feed = new ChangeFeed(b.listenerDataSource == null ? b.dataSource : b.listenerDataSource,
                schema.channel(), b.listenerCheckInterval);
        this.notifier = new Notifier(b.dataSource, schema.channel(), calls.queryTimeoutSeconds(), b.announcementGap);
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.purgeBatchSize = b.purgeBatchSize;
        String jobs = schema.jobs();
        this.insertSql = "INSERT INTO " + jobs + " (id, " + JobRows.STATE_COLUMNS + ") VALUES (?"
                + ", ?".repeat(JobRows.STATE_PARAMETERS) + ") RETURNING version";
        this.insertAnnouncingSql = insertSql + ANNOUNCING;
        this.updateSql = "UPDATE " + jobs + " SET (" + JobRows.STATE_COLUMNS + ", version) = ("
                + "?, ".repeat(JobRows.STATE_PARAMETERS) + "nextval(" + schema.versionSequenceLiteral()
                + ")) WHERE id = ? AND version = ? RETURNING version";
        this.updateEachSql = updateSql.substring(0, updateSql.lastIndexOf(" RETURNING "));
        this.findSql = "SELECT " + JobRows.COLUMNS + " FROM " + jobs + " WHERE id = ?";
        this.writeTokenSql = "SELECT version, write_token FROM " + jobs + " WHERE id = ?";
        // one index range scan per asked type, each stopping after `limit` rows: never more than types x limit rows
        this.findDueSql = "SELECT d.* FROM unnest(?::text[]) AS asked(type) CROSS JOIN LATERAL (SELECT "
                + JobRows.COLUMNS + ", due_at FROM " + jobs + " j WHERE j.status IN " + DUE_STATUSES
                + " AND j.type = asked.type AND j.due_at <= ? ORDER BY j.due_at, j.id LIMIT ?) d"
                + " ORDER BY d.due_at, d.id LIMIT ?";
        // the claim DueClaim.apply describes, written by one UPDATE of the rows the locking scans picked
        String claim = "UPDATE " + jobs + " AS j SET status = '" + JobStatus.RUNNING.wireName() + "',"
                + " attempt = j.attempt + 1, updated_at = ?, started_at = coalesce(j.started_at, ?), lease_owner = ?,"
                + " lease_expires_at = ?, write_token = ?, version = nextval(" + schema.versionSequenceLiteral() + ")"
                + " FROM (";
        String claimed = ") AS d WHERE j.id = d.id RETURNING " + JobRows.columnsOf("j") + ", d.due_at AS due_since";
        this.claimDueSql = claim + "SELECT s.id, s.due_at FROM unnest(?::text[]) AS asked(type) CROSS JOIN LATERAL"
                + " (SELECT id, due_at FROM " + jobs + " WHERE status IN " + DUE_STATUSES + " AND type = asked.type"
                + " AND due_at <= ? AND id <> ALL(?::text[]) ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) s"
                + " ORDER BY s.due_at, s.id LIMIT ?" + claimed;
        this.claimDueOfOneTypeSql = claim + "SELECT id, due_at FROM " + jobs + " WHERE status IN " + DUE_STATUSES
                + " AND type = ? AND due_at <= ? AND id <> ALL(?::text[]) ORDER BY due_at, id LIMIT ?"
                + " FOR UPDATE SKIP LOCKED" + claimed;
        this.findByKeySql = "SELECT " + JobRows.COLUMNS + " FROM " + jobs + " WHERE idempotency_hash = ?";
        this.findDeliveriesDueSql = "SELECT " + JobRows.COLUMNS + " FROM " + jobs
                + " WHERE callback_due_at IS NOT NULL AND callback_due_at <= ? ORDER BY callback_due_at, id LIMIT ?";
        this.deleteSql = "DELETE FROM " + jobs + " WHERE id = ?";
        // the literal status list lets the planner use the partial index of finished jobs
        this.purgeSql = "DELETE FROM " + jobs + " WHERE id IN (SELECT id FROM " + jobs + " WHERE status IN "
                + TERMINAL_STATUSES + " AND status = ANY (?::text[]) AND finished_at < ? ORDER BY finished_at LIMIT ?"
                + " FOR UPDATE SKIP LOCKED)";
        this.insertManySql = new String[b.writeBatchSize + 1];
        this.insertManyAnnouncingSql = new String[b.writeBatchSize + 1];
        for (int n = 2; n <= b.writeBatchSize; n++) {
            insertManySql[n] = insertManySql(jobs, n);
            insertManyAnnouncingSql[n] = insertManySql[n] + ANNOUNCING;
        }
        this.creates = new WriteCombiner<>(b.writeBatchSize, this::createBatch);
        this.updates = new WriteCombiner<>(b.writeBatchSize, this::updateBatch);
    }

    /** Inserts n jobs, skipping any that would break a unique index; returns each inserted row's token and version. */
    private static String insertManySql(String jobs, int n) {
        String row = "(?::text, " + JobRows.typedStatePlaceholders() + ")";
        return "INSERT INTO " + jobs + " (id, " + JobRows.STATE_COLUMNS + ") VALUES "
                + String.join(", ", Collections.nCopies(n, row))
                + " ON CONFLICT DO NOTHING RETURNING write_token, version";
    }

    /**
     * Starts a builder of a store on {@code dataSource}: any {@link DataSource} of PostgreSQL's JDBC driver, pooled
     * (recommended) or not.
     *
     * @param dataSource where the store takes its connections; it is never closed by the store
     * @return a new builder
     * @throws NullPointerException if {@code dataSource} is null
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource cannot be null"));
    }

    /**
     * The schema that holds the store's tables.
     *
     * @return the schema name
     */
    public String schema() {
        return schema.schema();
    }

    /**
     * The prefix of the store's table, index, sequence and function names.
     *
     * @return the prefix, possibly empty
     */
    public String tablePrefix() {
        return schema.prefix();
    }

    /**
     * The {@code NOTIFY} channel of the jobs table: {@code <schema>.<prefix>jobs}.
     *
     * @return the channel name
     */
    public String channel() {
        return schema.channel();
    }

    /**
     * Returns the SQL that creates the store's schema at the latest version, for this store's schema and prefix:
     * what {@link Builder#createSchema(boolean)} applies, for teams that run their own migrations. It does not
     * create the schema itself nor the version table the store records versions in (see {@code docs/postgres.md}).
     *
     * @return the DDL, every versioned file in order
     */
    public String schemaScript() {
        return schema.script();
    }

    // ---- create -------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code INSERT}, shared with the creates of other callers under way at the same moment. A
     * duplicate id or (owner, idempotency key) is the unique-violation of the primary key or the idempotency index.
     * A job due at once is announced on the change feed: on a quiet store by the {@code INSERT} itself, so that
     * the wake leaves with its commit; otherwise by the notifier, after the announcements already waiting.
     */
    @Override
    public Job create(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        if (!job.version().isEmpty()) {
            throw new IllegalArgumentException("a new job must not carry a version, but " + job + " does");
        }
        JobRows.checkSize(job, maxPayloadBytes);
        Job stored = JobRows.asStored(job);
        Optional<String> announcement = isDueAtOnce(stored) ? Notifier.createdPayload(stored.type())
                : stored.status().isTerminal() ? Optional.of(Notifier.changedPayload(stored.id())) : Optional.empty();
        // on a quiet store the INSERT announces itself: the wake leaves with its commit, one round trip sooner
        boolean withWrite = announcement.isPresent() && notifier.announceWithWrite();
        long version = creates.submit(new Write(stored, UUID.randomUUID(), 0,
                withWrite ? announcement : Optional.empty()));
        if (!withWrite) {
            announcement.ifPresent(notifier::announce);
        }
        return stored.withVersion(Long.toString(version));
    }

    /** One {@code INSERT} of one job; the precise duplicate error. */
    private long createOne(Write write) {
        Job stored = write.job();
        UUID token = write.token();
        return calls.run("create job " + stored.id(), (c, retried) -> {
            Optional<String> announcement = write.announcement();
            try (PreparedStatement ps = calls.timed(c.prepareStatement(
                    announcement.isPresent() ? insertAnnouncingSql : insertSql))) {
                ps.setString(1, stored.id());
                int next = JobRows.bindState(ps, 2, stored, token);
                if (announcement.isPresent()) {
                    bindAnnouncement(c, ps, next, Set.of(announcement.get()));
                }
                return returnedVersion(ps).orElseThrow();
            } catch (SQLException e) {
                if (!SqlCalls.isUniqueViolation(e)) {
                    throw e;
                }
                SqlCalls.rollbackIfManual(c);
                if (retried) {
                    // the first attempt's answer was lost: if the row is its own, the create happened
                    Optional<Long> own = ownWrite(c, stored.id(), token);
                    if (own.isPresent()) {
                        return own.get();
                    }
                }
                if (schema.idempotencyIndex().equals(constraint(e))) {
                    throw new DuplicateJobException("owner " + stored.owner().orElse("<none>")
                            + " already submitted a job with this idempotency key",
                            stored.idempotencyKey().orElse(null));
                }
                throw new DuplicateJobException("a job with id " + stored.id() + " already exists");
            }
        });
    }

    /**
     * Creates the jobs of concurrent callers with one multi-row {@code INSERT ... ON CONFLICT DO NOTHING}; a job it
     * skipped (a duplicate id or idempotency key) is created alone, which reports the duplicate precisely.
     */
    private void createBatch(List<WriteCombiner.Pending<Write, Long>> batch) {
        writeBatch(batch, "create", this::insertMany, this::createOne, this::createOne);
    }

    private Map<UUID, Long> insertMany(Connection c, List<WriteCombiner.Pending<Write, Long>> batch)
            throws SQLException {
        Map<UUID, Long> created = new HashMap<>();
        Set<String> announcements = new LinkedHashSet<>();
        batch.forEach(p -> p.request().announcement().ifPresent(announcements::add));
        String sql = (announcements.isEmpty() ? insertManySql : insertManyAnnouncingSql)[batch.size()];
        try (PreparedStatement ps = calls.timed(c.prepareStatement(sql))) {
            int i = 1;
            for (WriteCombiner.Pending<Write, Long> p : batch) {
                ps.setString(i, p.request().job().id());
                i = JobRows.bindState(ps, i + 1, p.request().job(), p.request().token());
            }
            if (!announcements.isEmpty()) {
                bindAnnouncement(c, ps, i, announcements);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    created.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
        }
        return created;
    }

    /** Binds the parameters of {@link #ANNOUNCING} from {@code index} on: the channel and the payloads. */
    private void bindAnnouncement(Connection c, PreparedStatement ps, int index, Collection<String> payloads)
            throws SQLException {
        ps.setString(index, schema.channel());
        ps.setArray(index + 1, c.createArrayOf("text", payloads.toArray(new String[0])));
    }

    /** Writes of several callers in one statement or transaction: each written row's version, by write token. */
    @FunctionalInterface
    private interface ManyWrites {
        Map<UUID, Long> write(Connection c, List<WriteCombiner.Pending<Write, Long>> batch) throws SQLException;
    }

    /**
     * Runs a batch of writes and gives each caller its answer. A batch of one goes {@code alone}; a larger one goes
     * through {@code many}, and a write it did not make gets {@code notWritten} (its precise error). A batch the
     * database refuses for another reason than a lost connection is split into writes alone, so that only the job
     * at fault fails. If the answer of an attempt was lost, the rows that carry their write's token were written by
     * it.
     */
    private void writeBatch(List<WriteCombiner.Pending<Write, Long>> batch, String what, ManyWrites many,
                            ToLongFunction<Write> alone, ToLongFunction<Write> notWritten) {
        if (batch.size() == 1) {
            completeWith(batch.get(0), () -> alone.applyAsLong(batch.get(0).request()));
            return;
        }
        Map<UUID, Long> written;
        try {
            written = calls.run(what + " " + batch.size() + " jobs", (c, retried) -> {
                Map<UUID, Long> versions = many.write(c, batch);
                if (retried) {
                    for (WriteCombiner.Pending<Write, Long> p : batch) {
                        Write write = p.request();
                        if (!versions.containsKey(write.token())) {
                            ownWrite(c, write.job().id(), write.token()).ifPresent(v -> versions.put(write.token(), v));
                        }
                    }
                }
                return versions;
            });
        } catch (PostgresStoreException e) {
            batch.forEach(p -> completeWith(p, () -> alone.applyAsLong(p.request())));
            return;
        }
        for (WriteCombiner.Pending<Write, Long> p : batch) {
            Long version = written.get(p.request().token());
            if (version != null) {
                p.complete(version);
            } else {
                completeWith(p, () -> notWritten.applyAsLong(p.request()));
            }
        }
    }

    private static <T> void completeWith(WriteCombiner.Pending<?, T> pending, Supplier<T> write) {
        try {
            pending.complete(write.get());
        } catch (RuntimeException e) {
            pending.fail(e);
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code SELECT} by primary key; no statement at all for an id that is not well-formed.
     */
    @Override
    public Optional<Job> find(String id) {
        if (id == null || !JobIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return calls.run("read job " + id, (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(findSql))) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.read(rs)) : Optional.<Job>empty();
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code SELECT} on the unique index of SHA-256(owner, key).
     */
    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey cannot be null");
        byte[] hash = JobRows.idempotencyHash(owner, idempotencyKey);
        return calls.run("read an idempotency key", (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(findByKeySql))) {
                ps.setBytes(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(JobRows.read(rs)) : Optional.<Job>empty();
                }
            }
        }).filter(j -> j.idempotencyKey().map(idempotencyKey::equals).orElse(false)
                && Objects.equals(j.owner().orElse(null), owner));
    }

    // ---- update -------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code UPDATE ... WHERE id = ? AND version = ?} writing every column and a new version, in one
     * transaction with the updates of other callers under way at the same moment; no row updated means stale (or
     * gone).
     */
    @Override
    public Job update(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        long expected;
        try {
            expected = Long.parseLong(job.version());
        } catch (NumberFormatException e) {
            throw new StaleJobVersionException("job " + job.id() + " carries version '" + job.version()
                    + "', which this store never assigned");
        }
        JobRows.checkSize(job, maxPayloadBytes);
        Job stored = JobRows.asStored(job);
        long version = updates.submit(new Write(stored, UUID.randomUUID(), expected, Optional.empty()));
        announce(stored);
        return stored.withVersion(Long.toString(version));
    }

    /** One compare-and-set {@code UPDATE} of one job. */
    private long updateOne(Write write) {
        Job stored = write.job();
        UUID token = write.token();
        long expected = write.expected();
        return calls.run("update job " + stored.id(), (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(updateSql))) {
                int next = JobRows.bindState(ps, 1, stored, token);
                ps.setString(next, stored.id());
                ps.setLong(next + 1, expected);
                Optional<Long> updated = returnedVersion(ps);
                if (updated.isPresent()) {
                    return updated.get();
                }
            }
            if (retried) {
                // the first attempt's answer was lost: if the row carries its token, the update happened
                Optional<Long> own = ownWrite(c, stored.id(), token);
                if (own.isPresent()) {
                    return own.get();
                }
            }
            throw stale(stored.id(), expected);
        });
    }

    /** Compare-and-sets the jobs of concurrent callers in one transaction; a job whose row did not match is stale. */
    private void updateBatch(List<WriteCombiner.Pending<Write, Long>> batch) {
        writeBatch(batch, "update", this::updateMany, this::updateOne, write -> {
            throw stale(write.job().id(), write.expected());
        });
    }

    /**
     * The updates as one JDBC batch of {@link #updateEachSql} in one transaction: one round trip for the statements
     * and one for the commit, each row found by its primary key (a multi-row {@code UPDATE ... FROM (VALUES ...)}
     * would be planned as a scan of the whole table while the table has no statistics yet). Rows are locked in the
     * order of their ids, so two engines' batches never deadlock.
     */
    private Map<UUID, Long> updateMany(Connection c, List<WriteCombiner.Pending<Write, Long>> batch)
            throws SQLException {
        return SqlCalls.inTransaction(c, () -> {
            Map<UUID, Long> byToken = new HashMap<>();
            try (PreparedStatement ps = calls.timed(c.prepareStatement(updateEachSql,
                    new String[] {"write_token", "version"}))) {
                List<Write> byId = new ArrayList<>(batch.size());
                batch.forEach(p -> byId.add(p.request()));
                byId.sort(Comparator.comparing(w -> w.job().id()));
                for (Write write : byId) {
                    int next = JobRows.bindState(ps, 1, write.job(), write.token());
                    ps.setString(next, write.job().id());
                    ps.setLong(next + 1, write.expected());
                    ps.addBatch();
                }
                ps.executeBatch();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    while (rs.next()) {
                        byToken.put(rs.getObject(1, UUID.class), rs.getLong(2));
                    }
                }
            }
            return byToken;
        });
    }

    private static StaleJobVersionException stale(String id, long expected) {
        return new StaleJobVersionException("job " + id + " is no longer at version " + expected
                + " (changed or deleted)");
    }

    /**
     * Queues what a committed update means for other instances: work due again at once (a Pending job whose
     * {@code notBefore} has passed when written: a release, a retry without delay) or a job's end. Claims, lease
     * renewals, progress and retries for later announce nothing. (A create announces its type alone, see
     * {@link #create}.)
     */
    private void announce(Job written) {
        if (isDueAtOnce(written)) {
            notifier.workDue(written.id(), written.type());
        } else if (written.status().isTerminal()) {
            notifier.jobChanged(written.id());
        }
    }

    private static boolean isDueAtOnce(Job written) {
        return written.status() == JobStatus.PENDING && !written.notBefore().isAfter(written.updatedAt());
    }

    private static Optional<Long> returnedVersion(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The version of the row if its last write carried {@code token}. */
    private Optional<Long> ownWrite(Connection c, String id, UUID token) throws SQLException {
        try (PreparedStatement ps = calls.timed(c.prepareStatement(writeTokenSql))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && token.equals(rs.getObject(2, UUID.class))) {
                    return Optional.of(rs.getLong(1));
                }
                return Optional.empty();
            }
        }
    }

    private static String constraint(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null) {
                return m.getConstraint();
            }
        }
        return null;
    }

    // ---- find due -----------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code SELECT} that, per asked type, range-scans the partial index of Pending and Running jobs
     * up to {@code now} and stops after {@code limit} rows, then keeps the {@code limit} earliest. Earliest due
     * first across all asked types.
     */
    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        JobStore.checkFindDueArguments(types, now, limit);
        String[] asked = sortedTypes(types);
        return calls.run("find due jobs", (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(findDueSql))) {
                Array array = bindDueScan(c, ps, asked, now, limit);
                List<Job> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(JobRows.read(rs));
                    }
                }
                array.free();
                return found;
            }
        });
    }

    private static String[] sortedTypes(Set<String> types) {
        String[] asked = types.toArray(new String[0]);
        Arrays.sort(asked);
        return asked;
    }

    /**
     * Binds the parameters of the due-work scan of {@link #findDueSql}.
     *
     * @return the types' array, to free once the statement ran
     */
    private static Array bindDueScan(Connection c, PreparedStatement ps, String[] types, Instant now, int limit)
            throws SQLException {
        Array array = c.createArrayOf("text", types);
        ps.setArray(1, array);
        JobRows.setInstant(ps, 2, now);
        ps.setInt(3, limit);
        ps.setInt(4, limit);
        return array;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code true}.
     */
    @Override
    public boolean claimsInBatches() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: one statement in one round trip, whatever the number of jobs, committed on its own: an {@code UPDATE}
     * that writes the claim's terms (status, attempt + 1, lease, update and first start times, a new version) on the
     * rows a {@code SELECT ... FOR UPDATE SKIP LOCKED} picked along the partial index of due work (the scans of
     * {@link #findDue}, or one plain range scan when one type is asked), passing over rows another engine is
     * claiming and the jobs the claim skips. Engines that claim at once therefore never wait for each other nor race
     * for the same jobs. A claim whose commit was answered but the answer lost is retried as a new claim of other
     * jobs: the first batch then stays leased, unrun, until its lease expires and any engine takes it over.
     */
    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        Objects.requireNonNull(claim, "claim cannot be null");
        JobStore.checkFindDueArguments(types, claim.at(), limit);
        String[] asked = sortedTypes(types);
        return calls.run("claim due jobs", (c, retried) -> claimOnce(c, asked, limit, claim));
    }

    private List<ClaimedJob> claimOnce(Connection c, String[] asked, int limit, DueClaim claim) throws SQLException {
        List<ClaimedJob> claimed = new ArrayList<>();
        try (PreparedStatement ps = prepareClaim(c, "", asked, limit, claim);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                claimed.add(new ClaimedJob(JobRows.read(rs), JobRows.instant(rs, JobRows.COLUMN_COUNT + 1)));
            }
        }
        // an UPDATE returns its rows in no set order
        claimed.sort(Comparator.comparing(ClaimedJob::dueSince).thenComparing(cj -> cj.job().id()));
        return claimed;
    }

    /** The claim of due jobs of the asked types: {@link #claimDueOfOneTypeSql} for one, else {@link #claimDueSql}. */
    String claimSql(String[] asked) {
        return asked.length == 1 ? claimDueOfOneTypeSql : claimDueSql;
    }

    /**
     * Prepares the claim of due jobs of the asked types ({@link #claimSql}) with its parameters bound and the
     * statement timeout set; {@code prefix} goes before the statement ({@code "EXPLAIN "} for tests that read its
     * plan). The statement is closed if preparing it fails.
     */
    PreparedStatement prepareClaim(Connection c, String prefix, String[] asked, int limit, DueClaim claim)
            throws SQLException {
        boolean oneType = asked.length == 1;
        PreparedStatement ps = c.prepareStatement(prefix + claimSql(asked));
        try {
            calls.timed(ps);
            JobRows.setInstant(ps, 1, claim.at());
            JobRows.setInstant(ps, 2, claim.at());
            ps.setString(3, claim.workerId());
            JobRows.setInstant(ps, 4, claim.leaseExpiresAt());
            ps.setObject(5, UUID.randomUUID());
            int p = 6;
            if (oneType) {
                ps.setString(p++, asked[0]);
            } else {
                ps.setArray(p++, c.createArrayOf("text", asked));
            }
            JobRows.setInstant(ps, p++, claim.at());
            ps.setArray(p++, c.createArrayOf("text", claim.skippedJobIds().toArray(new String[0])));
            ps.setInt(p++, limit);
            if (!oneType) {
                ps.setInt(p, limit);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    // ---- find deliveries due ------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code SELECT} along the partial index of due callback deliveries, earliest due first.
     */
    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        JobStore.checkFindDeliveriesDueArguments(now, limit);
        return calls.run("find due deliveries", (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(findDeliveriesDueSql))) {
                JobRows.setInstant(ps, 1, now);
                ps.setInt(2, limit);
                List<Job> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(JobRows.read(rs));
                    }
                }
                return found;
            }
        });
    }

    // ---- query --------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code SELECT} per page, in (createdAt, id) order along an index, continuing after the last
     * job of the previous page (keyset paging: stable while jobs are added or deleted).
     */
    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        Cursor after = query.continuationToken().map(PostgresJobStore::decodeToken).orElse(null);
        StringBuilder sql = new StringBuilder("SELECT ").append(JobRows.COLUMNS).append(" FROM ").append(schema.jobs())
                .append(" WHERE true");
        List<Binder> binds = new ArrayList<>();
        if (!query.statuses().isEmpty()) {
            String[] statuses = query.statuses().stream().map(JobStatus::wireName).sorted().toArray(String[]::new);
            sql.append(" AND status = ANY (?::text[])");
            binds.add((c, ps, i) -> ps.setArray(i, c.createArrayOf("text", statuses)));
        }
        query.type().ifPresent(t -> {
            sql.append(" AND type = ?");
            binds.add((c, ps, i) -> ps.setString(i, t));
        });
        query.owner().ifPresent(o -> {
            sql.append(" AND owner = ?");
            binds.add((c, ps, i) -> ps.setString(i, o));
        });
        query.createdFrom().ifPresent(f -> {
            sql.append(" AND created_at >= ?");
            binds.add((c, ps, i) -> JobRows.setInstant(ps, i, f));
        });
        query.createdTo().ifPresent(t -> {
            sql.append(" AND created_at < ?");
            binds.add((c, ps, i) -> JobRows.setInstant(ps, i, t));
        });
        if (after != null) {
            sql.append(" AND (created_at, id) > (?, ?)");
            binds.add((c, ps, i) -> JobRows.setInstant(ps, i, after.createdAt()));
            binds.add((c, ps, i) -> ps.setString(i, after.id()));
        }
        // one row more than the page tells whether another page follows
        sql.append(" ORDER BY created_at, id LIMIT ").append(query.pageSize() + 1);
        List<Job> rows = calls.run("query jobs", (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(sql.toString()))) {
                for (int i = 0; i < binds.size(); i++) {
                    binds.get(i).bind(c, ps, i + 1);
                }
                List<Job> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(JobRows.read(rs));
                    }
                }
                return found;
            }
        });
        if (rows.size() <= query.pageSize()) {
            return new JobPage(rows, Optional.empty());
        }
        List<Job> page = rows.subList(0, query.pageSize());
        return new JobPage(page, Optional.of(encodeToken(page.get(page.size() - 1))));
    }

    /** Binds one query parameter. */
    @FunctionalInterface
    private interface Binder {
        void bind(Connection c, PreparedStatement ps, int index) throws SQLException;
    }

    private record Cursor(Instant createdAt, String id) {
    }

    private static String encodeToken(Job last) {
        Instant at = last.createdAt();
        String raw = TOKEN_PREFIX + at.getEpochSecond() + ":" + at.getNano() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decodeToken(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (!raw.startsWith(TOKEN_PREFIX)) {
                throw new IllegalArgumentException("unknown token version");
            }
            String[] parts = raw.substring(TOKEN_PREFIX.length()).split(":", 3);
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new Cursor(createdAt, JobIds.requireWellFormed(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed continuation token", e);
        }
    }

    // ---- delete and purge -----------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one {@code DELETE} by primary key; it never throws {@code JobContentionException}.
     */
    @Override
    public boolean delete(String id) {
        if (id == null || !JobIds.isWellFormed(id)) {
            return false;
        }
        boolean deleted = calls.run("delete job " + id, (c, retried) -> {
            try (PreparedStatement ps = calls.timed(c.prepareStatement(deleteSql))) {
                ps.setString(1, id);
                return ps.executeUpdate() > 0;
            }
        });
        if (deleted) {
            notifier.jobChanged(id);
        }
        return deleted;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code DELETE} statements of at most {@link Builder#purgeBatchSize} jobs each, oldest finished
     * first, along the partial index of finished jobs, until one deletes fewer than a batch. Each batch is its
     * own transaction, so a long purge never holds many locks, and rows another purge has locked are skipped.
     */
    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        Set<JobStatus> targets = PurgeRules.targets(statuses);
        Objects.requireNonNull(finishedBefore, "finishedBefore cannot be null");
        String[] wireNames = targets.stream().map(JobStatus::wireName).sorted().toArray(String[]::new);
        int total = 0;
        while (true) {
            int deleted = calls.run("purge jobs", (c, retried) -> {
                try (PreparedStatement ps = calls.timed(c.prepareStatement(purgeSql))) {
                    ps.setArray(1, c.createArrayOf("text", wireNames));
                    JobRows.setInstant(ps, 2, finishedBefore);
                    ps.setInt(3, purgeBatchSize);
                    return ps.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < purgeBatchSize) {
                return total;
            }
        }
    }

    // ---- change feed --------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: the store's one listening connection (from {@link Builder#listenerDataSource}, else the store's
     * data source) {@code LISTEN}s on {@link #channel()}, and a daemon thread tells the listener of every
     * notification: {@link JobStoreListener#workDue} then {@link JobStoreListener#jobChanged} when a write leaves
     * a job Pending and already due (a create, a release, a retry without delay), and
     * {@link JobStoreListener#jobChanged} alone when a job ends (Completed, Failed, Terminated) or is deleted.
     * Claims, lease renewals and progress are not announced (a notifying commit serialises writers): other
     * instances see them at their poll interval. After a lost connection is restored the listener hears
     * {@link JobStoreListener#changesMissed}. The thread reconnects after a lost connection, with backoff up to 5 s; it runs
     * while at least one subscription is open, and stops when the last one or the store is closed.
     *
     * @throws IllegalStateException if the store is closed
     */
    @Override
    public AutoCloseable listen(JobStoreListener listener) {
        return feed.subscribe(listener);
    }

    ChangeFeed changeFeed() {
        return feed;
    }

    Notifier notifier() {
        return notifier;
    }

    WriteCombiner<?, ?> creates() {
        return creates;
    }

    WriteCombiner<?, ?> updates() {
        return updates;
    }

    /** The statement of {@link #findDue}, for tests that EXPLAIN it. */
    String findDueSql() {
        return findDueSql;
    }

    /** Stops the change feed's thread and closes its connection. The data source stays open. Idempotent. */
    @Override
    public void close() {
        notifier.close();
        feed.close();
    }

    @Override
    public String toString() {
        return "PostgresJobStore[" + schema.schema() + "." + schema.prefix() + "jobs]";
    }

    /**
     * Builds a {@link PostgresJobStore}. Not thread-safe; {@link #build()} copies the settings, so the store does
     * not change when the builder does.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private String tablePrefix = DEFAULT_TABLE_PREFIX;
        private boolean createSchema = true;
        private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private int purgeBatchSize = DEFAULT_PURGE_BATCH_SIZE;
        private int writeBatchSize = DEFAULT_WRITE_BATCH_SIZE;
        private DataSource listenerDataSource;
        private Duration listenerCheckInterval = DEFAULT_LISTENER_CHECK_INTERVAL;
        private Duration announcementGap = Notifier.MIN_GAP;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Sets the schema that holds the tables; default {@value PostgresJobStore#DEFAULT_SCHEMA}. It is created
         * if missing when {@link #createSchema(boolean)} is on.
         *
         * @param schema 1 to 63 characters of {@code a-z 0-9 _}, not starting with a digit
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not such a name
         */
        public Builder schema(String schema) {
            this.schema = Schema.checkSchema(schema);
            return this;
        }

        /**
         * Sets the prefix of every name the store creates ({@code <prefix>jobs}, {@code <prefix>schema_version},
         * indexes, sequence, trigger function); default {@value PostgresJobStore#DEFAULT_TABLE_PREFIX}. Several
         * stores may share a schema with different prefixes. The schema and the prefix together must leave the
         * channel {@code <schema>.<prefix>jobs} at most 63 characters, which {@link #build()} checks.
         *
         * @param tablePrefix 0 to 47 characters of {@code a-z 0-9 _}, not starting with a digit
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not such a prefix
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = Schema.checkPrefix(tablePrefix);
            return this;
        }

        /**
         * Whether {@link #build()} brings the schema to the version this library needs, applying the versioned
         * SQL files it ships ({@code db/asyncapi/postgres/V<n>__<name>.sql}) and recording each in
         * {@code <prefix>schema_version}, under an advisory lock so that instances starting at once apply each
         * file once; default {@code true}. Turn it off when the database user may not create tables and the
         * schema is migrated otherwise (see {@link PostgresJobStore#schemaScript()}).
         *
         * @param createSchema whether to create and migrate the schema
         * @return this builder
         */
        public Builder createSchema(boolean createSchema) {
            this.createSchema = createSchema;
            return this;
        }

        /**
         * Sets the timeout of one statement (JDBC's query timeout, in whole seconds, rounded up); default 30 s.
         * A statement that times out is retried like a lost connection. Connecting is bounded by the data
         * source's own settings (the driver's {@code connectTimeout}, a pool's connection timeout); set the
         * driver's {@code socketTimeout} too so that a silently dead connection is given up.
         *
         * @param statementTimeout at least 1 s
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if less than 1 s
         */
        public Builder statementTimeout(Duration statementTimeout) {
            Objects.requireNonNull(statementTimeout, "statementTimeout cannot be null");
            if (statementTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("statementTimeout must be at least 1 s, but was " + statementTimeout);
            }
            this.statementTimeout = statementTimeout;
            return this;
        }

        /**
         * Sets how operations are retried on transient errors (connection failures, timeouts, a server stopping
         * or starting, too many connections, serialization failures, deadlocks): at most {@code maxAttempts}
         * attempts, the delay starting at {@code delay} and doubling up to {@code maxDelay}, with jitter.
         * Defaults: 3 attempts, 100 ms, 2 s. After the last attempt the operation throws
         * {@link JobStoreUnavailableException}.
         *
         * @param maxAttempts 1 or more (1 means no retry)
         * @param delay       the first delay, positive
         * @param maxDelay    the largest delay, not less than {@code delay}
         * @return this builder
         * @throws NullPointerException     if a duration is null
         * @throws IllegalArgumentException if out of range
         */
        public Builder retry(int maxAttempts, Duration delay, Duration maxDelay) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, but was " + maxAttempts);
            }
            positive(delay, "delay");
            positive(maxDelay, "maxDelay");
            if (maxDelay.compareTo(delay) < 0) {
                throw new IllegalArgumentException("maxDelay " + maxDelay + " is less than delay " + delay);
            }
            this.maxAttempts = maxAttempts;
            this.retryDelay = delay;
            this.maxRetryDelay = maxDelay;
            return this;
        }

        /**
         * Sets the most payload one job may hold: input, progress, output and failure message together, counted
         * in UTF-8 bytes; default 16 MiB. Over it, {@code create} and {@code update} throw
         * {@link PayloadTooLargeException} before sending anything: a 413 at submit, and for an output the engine
         * fails the job with {@code OutputTooLarge}.
         *
         * @param maxPayloadBytes 1 KiB to {@value PostgresJobStore#MAX_PAYLOAD_BYTES}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxPayloadBytes(int maxPayloadBytes) {
            if (maxPayloadBytes < 1024 || maxPayloadBytes > MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("maxPayloadBytes must be 1024 to " + MAX_PAYLOAD_BYTES
                        + ", but was " + maxPayloadBytes);
            }
            this.maxPayloadBytes = maxPayloadBytes;
            return this;
        }

        /**
         * Sets how many jobs one purge statement deletes; default {@value PostgresJobStore#DEFAULT_PURGE_BATCH_SIZE}.
         * Smaller batches hold fewer row locks for a shorter time; larger ones cost fewer statements.
         *
         * @param purgeBatchSize 1 to {@value PostgresJobStore#MAX_PURGE_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder purgeBatchSize(int purgeBatchSize) {
            if (purgeBatchSize < 1 || purgeBatchSize > MAX_PURGE_BATCH_SIZE) {
                throw new IllegalArgumentException("purgeBatchSize must be 1 to " + MAX_PURGE_BATCH_SIZE
                        + ", but was " + purgeBatchSize);
            }
            this.purgeBatchSize = purgeBatchSize;
            return this;
        }

        /**
         * Sets the most creates, or the most updates, of concurrent callers that one statement carries; default
         * {@value PostgresJobStore#DEFAULT_WRITE_BATCH_SIZE}. A write that finds no other under way is sent at once,
         * alone; writes that arrive while one is under way wait for it and then go together, as one multi-row
         * {@code INSERT}, or one transaction of compare-and-set {@code UPDATE}s, and one commit, so that under load
         * many workers' writes cost one round trip. Each caller still gets its own answer: its version, or its own
         * {@link StaleJobVersionException} or {@link DuplicateJobException}. 1 sends every write alone.
         *
         * @param writeBatchSize 1 to {@value PostgresJobStore#MAX_WRITE_BATCH_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder writeBatchSize(int writeBatchSize) {
            if (writeBatchSize < 1 || writeBatchSize > MAX_WRITE_BATCH_SIZE) {
                throw new IllegalArgumentException("writeBatchSize must be 1 to " + MAX_WRITE_BATCH_SIZE
                        + ", but was " + writeBatchSize);
            }
            this.writeBatchSize = writeBatchSize;
            return this;
        }

        /**
         * Sets where the change feed takes its one long-lived listening connection; default: the store's data
         * source. Use a direct (unpooled) data source when the store's goes through a pooler in transaction mode
         * (PgBouncer), which cannot hold a {@code LISTEN}, or to keep the connection out of a small pool.
         *
         * @param listenerDataSource a data source of the same database
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder listenerDataSource(DataSource listenerDataSource) {
            this.listenerDataSource = Objects.requireNonNull(listenerDataSource, "listenerDataSource cannot be null");
            return this;
        }

        /** For tests of this package: the least time between announcing transactions, {@link Notifier#MIN_GAP}. */
        Builder announcementGap(Duration gap) {
            this.announcementGap = Objects.requireNonNull(gap, "announcementGap cannot be null");
            return this;
        }

        /**
         * Sets how often the change feed checks its idle connection with {@code SELECT 1}, which is also how long
         * that check may take before the connection counts as lost; default 10 s. A closed connection is noticed
         * at once; this bounds how long a silently dead one goes unnoticed.
         *
         * @param interval 100 ms or more
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if less than 100 ms
         */
        public Builder listenerCheckInterval(Duration interval) {
            Objects.requireNonNull(interval, "listenerCheckInterval cannot be null");
            if (interval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("listenerCheckInterval must be at least 100 ms, but was " + interval);
            }
            this.listenerCheckInterval = interval;
            return this;
        }

        /**
         * Builds the store and, unless {@link #createSchema(boolean)} is off, brings its schema up to date (one
         * transaction; nothing to do when it already is). With it off, nothing is sent until the first operation.
         *
         * @return the store
         * @throws IllegalArgumentException     if the schema and prefix are too long together
         * @throws PostgresStoreException       if the database refuses the schema changes (e.g. privileges)
         * @throws JobStoreUnavailableException if the database cannot be reached
         */
        public PostgresJobStore build() {
            PostgresJobStore store = new PostgresJobStore(this);
            if (createSchema) {
                store.calls.run("create the job store's schema", (c, retried) -> store.schema.migrate(c));
            }
            return store;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name + " cannot be null");
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, but was " + d);
            }
            return d;
        }
    }
}
