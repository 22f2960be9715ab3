package dev.asyncapi.azure.tables;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.HttpClientOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.data.tables.models.TableTransactionResult;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobContentionException;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.JobStoreUnavailableException;
import dev.asyncapi.core.PayloadTooLargeException;
import dev.asyncapi.core.PurgeRules;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A {@link JobStore} on Azure Table Storage (or Azurite), shared safely by any number of engines in any
 * number of processes.
 *
 * <p>Layout (see {@code docs/azure-tables.md}): jobs spread over N shard partitions by id; each Pending or
 * Running job has a "due" index row in its partition whose row key orders by the instant it becomes claimable
 * and which carries the job's type, so finding due work reads only due work of the types asked for. Creating a
 * job and every write that moves its due instant are single entity-group transactions; a status read is one
 * point read; the happy path of a job (create, claim, complete) is three transactions. Versions are the
 * entities' ETags and every update is conditional ({@code If-Match}). Idempotency keys are unique per owner
 * through an index row written before the job.
 *
 * <p>Build it with {@link #builder()}. Thread-safe; {@link #close()} releases nothing but is idempotent.
 */
public final class AzureTableJobStore implements JobStore {

    /** Default table name: {@value}. */
    public static final String DEFAULT_TABLE_NAME = "asyncjobs";
    /** Default number of shard partitions: {@value}. */
    public static final int DEFAULT_SHARD_COUNT = 8;
    /** Largest shard count: {@value}. */
    public static final int MAX_SHARD_COUNT = 999;
    /** Default timeout of one HTTP request of clients the store builds: 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default attempts per storage call when throttled or timed out: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** Default first retry delay: 200 ms, doubling per attempt with jitter. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(200);
    /** Default cap of one retry delay: 5 s. */
    public static final Duration DEFAULT_MAX_RETRY_DELAY = Duration.ofSeconds(5);
    /** Default time an idempotency key may stay reserved by a create whose job never appears: 10 s. */
    public static final Duration DEFAULT_KEY_RESERVATION_TIMEOUT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(AzureTableJobStore.class.getName());
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");
    private static final String SHARDS = "shards";
    private static final String TOKEN_PREFIX = "v1:";
    private static final int MAX_BATCH = 100;
    private static final int MAX_DELETE_ROUNDS = 8;

    private final TableClient table;
    private final Keys keys;
    private final StorageCalls calls;
    private final boolean batchETagsCaptured;
    private final Duration keyReservationTimeout;

    private AzureTableJobStore(TableClient table, Keys keys, StorageCalls calls, boolean batchETagsCaptured,
                               Duration keyReservationTimeout) {
        this.table = table;
        this.keys = keys;
        this.calls = calls;
        this.batchETagsCaptured = batchETagsCaptured;
        this.keyReservationTimeout = keyReservationTimeout;
    }

    /**
     * Starts a builder. Exactly one of {@link Builder#connectionString}, {@link Builder#endpoint} or
     * {@link Builder#serviceClient} must be set.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name of the table this store uses.
     *
     * @return the table name
     */
    public String tableName() {
        return table.getTableName();
    }

    /**
     * The number of shard partitions jobs are spread over.
     *
     * @return the shard count
     */
    public int shardCount() {
        return keys.shards();
    }

    // ---- create -------------------------------------------------------------------------------

    @Override
    public Job create(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        if (!job.version().isEmpty()) {
            throw new IllegalArgumentException("a new job must not carry a version, but " + job + " does");
        }
        String pk = keys.partitionOf(job.id());
        String token = newToken();
        TableEntity entity = JobEntities.toEntity(job, pk, token);
        long dueMillis = Keys.dueMillis(job.claimableAt().orElseThrow(
                () -> new IllegalArgumentException("a new job must be Pending or Running, but " + job + " is not")));
        Optional<Reservation> reservation = job.idempotencyKey().map(k -> reserveKey(job, k));
        long started = System.nanoTime();
        String etag;
        try {
            List<TableTransactionAction> actions = List.of(
                    new TableTransactionAction(TableTransactionActionType.CREATE, entity),
                    new TableTransactionAction(TableTransactionActionType.CREATE, dueEntity(pk, dueMillis, job)));
            try {
                etag = transact("create job " + job.id(), pk, job.id(), token, actions);
            } catch (RuntimeException e) {
                if (!StorageCalls.isConflict(e)) {
                    throw e;
                }
                // a retry after a lost response finds its own write; anything else is a real duplicate
                etag = ownWrite(pk, job.id(), token).orElseThrow(
                        () -> new DuplicateJobException("a job with id " + job.id() + " already exists"));
            }
        } catch (RuntimeException e) {
            reservation.ifPresent(this::releaseReservation);
            throw e;
        }
        Job stored = job.toBuilder().version(Versions.of(job, etag)).build();
        if (reservation.isPresent() && Duration.ofNanos(System.nanoTime() - started).compareTo(keyReservationTimeout) >= 0) {
            confirmReservation(stored, reservation.get());
        }
        return stored;
    }

    // ---- reads --------------------------------------------------------------------------------

    @Override
    public Optional<Job> find(String id) {
        if (id == null || !JobIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return readEntity(keys.partitionOf(id), Keys.jobRow(id), "read job " + id).map(JobEntities::fromEntity);
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey cannot be null");
        String hash = Keys.idempotencyHash(owner, idempotencyKey);
        return readEntity(keys.partitionOf(hash), Keys.keyRow(hash), "read an idempotency key")
                .map(k -> (String) k.getProperties().get(JobEntities.JOB_ID))
                .flatMap(this::find)
                .filter(j -> j.idempotencyKey().map(idempotencyKey::equals).orElse(false)
                        && Objects.equals(j.owner().orElse(null), owner));
    }

    // ---- update -------------------------------------------------------------------------------

    @Override
    public Job update(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        String etag = Versions.etag(job.version());
        OptionalLong oldDue = Versions.dueMillis(job.version());
        OptionalLong newDue = job.claimableAt().map(at -> OptionalLong.of(Keys.dueMillis(at))).orElse(OptionalLong.empty());
        OptionalLong oldHook = Versions.hookMillis(job.version());
        OptionalLong newHook = job.callback().flatMap(JobCallback::dueAt)
                .map(at -> OptionalLong.of(Keys.dueMillis(at))).orElse(OptionalLong.empty());
        String pk = keys.partitionOf(job.id());
        String token = newToken();
        TableEntity entity = JobEntities.toEntity(job, pk, token);
        entity.getProperties().put(JobEntities.ETAG, etag);
        // index rows to delete, all in the job's partition and in its transaction: old due row, old delivery row
        List<String> staleRows = new ArrayList<>(2);
        if (oldDue.isPresent() && !oldDue.equals(newDue)) {
            staleRows.add(Keys.dueRow(oldDue.getAsLong(), job.id()));
        }
        if (oldHook.isPresent() && !oldHook.equals(newHook)) {
            staleRows.add(Keys.hookRow(oldHook.getAsLong(), job.id()));
        }
        for (int round = 0; ; round++) {
            List<TableTransactionAction> actions = new ArrayList<>();
            actions.add(new TableTransactionAction(TableTransactionActionType.UPDATE_REPLACE, entity, true));
            for (String row : staleRows) {
                actions.add(new TableTransactionAction(TableTransactionActionType.DELETE, new TableEntity(pk, row)));
            }
            if (newDue.isPresent() && !newDue.equals(oldDue)) {
                actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        dueEntity(pk, newDue.getAsLong(), job)));
            }
            if (newHook.isPresent() && !newHook.equals(oldHook)) {
                actions.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity(pk, Keys.hookRow(newHook.getAsLong(), job.id()))));
            }
            try {
                String newEtag = transact("update job " + job.id(), pk, job.id(), token, actions);
                return job.toBuilder().version(Versions.of(job, newEtag)).build();
            } catch (RuntimeException e) {
                if (!StorageCalls.isPreconditionFailed(e) && !StorageCalls.isNotFound(e)
                        && !StorageCalls.isConflict(e)) {
                    throw e;
                }
                Optional<TableEntity> current = readEntity(pk, Keys.jobRow(job.id()), "read job " + job.id());
                if (current.isEmpty()) {
                    throw new StaleJobVersionException("job " + job.id() + " no longer exists");
                }
                if (JobEntities.writeTokenOf(current.get()).equals(token)) {
                    return job.toBuilder().version(Versions.of(job, current.get().getETag())).build();
                }
                int failed = StorageCalls.failedIndex(e);
                if (round < 2 && StorageCalls.isNotFound(e) && failed >= 1 && failed <= staleRows.size()
                        && etag.equals(current.get().getETag())) {
                    // an old index row is already gone; the job itself is unchanged, so write it without that delete
                    staleRows.remove(failed - 1);
                    continue;
                }
                throw new StaleJobVersionException("job " + job.id() + " changed since version " + job.version());
            }
        }
    }

    // ---- find due -----------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one range query per shard over the due-index rows, filtered by type on the service, starting at
     * a random shard so that workers spread over the partitions, then one point read per candidate. Due order
     * holds within a shard, not across shards.
     */
    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        JobStore.checkFindDueArguments(types, now, limit);
        String typeFilter = ODataFilter.anyOf(JobEntities.TYPE, types.stream().sorted().toList());
        List<Job> found = new ArrayList<>();
        int first = ThreadLocalRandom.current().nextInt(keys.shards());
        for (int i = 0; i < keys.shards() && found.size() < limit; i++) {
            String pk = keys.partitionAt((first + i) % keys.shards());
            String filter = ODataFilter.and(List.of(ODataFilter.eq("PartitionKey", pk),
                    ODataFilter.ge("RowKey", Keys.DUE_PREFIX), ODataFilter.lt("RowKey", Keys.dueRowsBefore(now)),
                    typeFilter));
            String token = null;
            do {
                ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                        .setTop(limit - found.size()).setSelect(List.of("RowKey"));
                PagedResponse<TableEntity> page = firstPage("list due jobs", options, token);
                for (TableEntity row : page.getValue()) {
                    if (found.size() >= limit) {
                        break;
                    }
                    // the index row may be stale (the job moved on since): the job itself decides
                    find(Keys.idOfDueRow(row.getRowKey()))
                            .filter(job -> job.isClaimableAt(now) && types.contains(job.type()))
                            .ifPresent(found::add);
                }
                // the service may end a page early (time limit of a long scan) or after stale rows: go on in the shard
                token = page.getContinuationToken();
            } while (token != null && !token.isEmpty() && found.size() < limit);
        }
        return found;
    }

    // ---- find deliveries due ------------------------------------------------------------------

    /**
     * {@inheritDoc}
     *
     * <p>Here: one range query per shard over the delivery-index rows, starting at a random shard, then one
     * point read per candidate. A row whose job is gone (purged or deleted) or has moved on is deleted on the
     * way, so such leftovers are read at most once.
     */
    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        JobStore.checkFindDeliveriesDueArguments(now, limit);
        List<Job> found = new ArrayList<>();
        int first = ThreadLocalRandom.current().nextInt(keys.shards());
        for (int i = 0; i < keys.shards() && found.size() < limit; i++) {
            String pk = keys.partitionAt((first + i) % keys.shards());
            String filter = ODataFilter.and(List.of(ODataFilter.eq("PartitionKey", pk),
                    ODataFilter.ge("RowKey", Keys.HOOK_PREFIX), ODataFilter.lt("RowKey", Keys.hookRowsBefore(now))));
            String token = null;
            do {
                ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                        .setTop(limit - found.size()).setSelect(List.of("RowKey"));
                PagedResponse<TableEntity> page = firstPage("list due deliveries", options, token);
                for (TableEntity row : page.getValue()) {
                    if (found.size() >= limit) {
                        break;
                    }
                    Optional<Job> job = find(Keys.idOfHookRow(row.getRowKey()));
                    long rowMillis = Keys.millisOfHookRow(row.getRowKey());
                    boolean indexed = job.flatMap(Job::callback).flatMap(JobCallback::dueAt)
                            .map(at -> Keys.dueMillis(at) == rowMillis).orElse(false);
                    if (!indexed) {
                        deleteLeftoverRow(pk, row.getRowKey());
                    } else if (job.get().callback().get().isDueAt(now)) {
                        found.add(job.get());
                    }
                }
                token = page.getContinuationToken();
            } while (token != null && !token.isEmpty() && found.size() < limit);
        }
        return found;
    }

    /** Deletes an index row whose job is gone or moved on; someone else deleting it first is fine. */
    private void deleteLeftoverRow(String pk, String rowKey) {
        try {
            calls.run("delete a leftover index row", () -> table.deleteEntityWithResponse(
                    new TableEntity(pk, rowKey), false, null, Context.NONE));
        } catch (RuntimeException e) {
            if (!StorageCalls.isNotFound(e)) {
                throw e;
            }
        }
    }

    // ---- query --------------------------------------------------------------------------------

    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        String serviceToken = query.continuationToken().map(AzureTableJobStore::decodeToken).orElse(null);
        List<String> terms = new ArrayList<>(List.of(ODataFilter.ge("RowKey", Keys.JOB_PREFIX),
                ODataFilter.lt("RowKey", Keys.JOB_END)));
        if (!query.statuses().isEmpty()) {
            terms.add(ODataFilter.anyOf(JobEntities.STATUS,
                    query.statuses().stream().map(JobStatus::wireName).sorted().toList()));
        }
        query.type().ifPresent(t -> terms.add(ODataFilter.eq(JobEntities.TYPE, t)));
        query.owner().ifPresent(o -> terms.add(ODataFilter.eq(JobEntities.OWNER, o)));
        query.createdFrom().ifPresent(f -> terms.add(ODataFilter.ge(JobEntities.CREATED_AT, JobEntities.instantText(f))));
        query.createdTo().ifPresent(t -> terms.add(ODataFilter.lt(JobEntities.CREATED_AT, JobEntities.instantText(t))));
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(ODataFilter.and(terms)).setTop(query.pageSize());
        PagedResponse<TableEntity> page = firstPage("query jobs", options, serviceToken);
        List<Job> jobs = page.getValue().stream().map(JobEntities::fromEntity).filter(query::matches).toList();
        Optional<String> next = Optional.ofNullable(page.getContinuationToken()).filter(t -> !t.isEmpty())
                .map(AzureTableJobStore::encodeToken);
        return new JobPage(jobs, next);
    }

    // ---- delete and purge -----------------------------------------------------------------------

    @Override
    public boolean delete(String id) {
        if (id == null || !JobIds.isWellFormed(id)) {
            return false;
        }
        String pk = keys.partitionOf(id);
        for (int round = 0; round < MAX_DELETE_ROUNDS; round++) {
            Optional<TableEntity> entity = readEntity(pk, Keys.jobRow(id), "read job " + id);
            if (entity.isEmpty()) {
                return false;
            }
            Job job = JobEntities.fromEntity(entity.get());
            List<TableTransactionAction> actions = new ArrayList<>();
            actions.add(new TableTransactionAction(TableTransactionActionType.DELETE, entity.get(), true));
            job.claimableAt().ifPresent(at -> actions.add(new TableTransactionAction(TableTransactionActionType.DELETE,
                    new TableEntity(pk, Keys.dueRow(Keys.dueMillis(at), id)))));
            job.callback().flatMap(JobCallback::dueAt).ifPresent(at -> actions.add(new TableTransactionAction(
                    TableTransactionActionType.DELETE, new TableEntity(pk, Keys.hookRow(Keys.dueMillis(at), id)))));
            try {
                calls.run("delete job " + id, () -> table.submitTransactionWithResponse(actions, null, Context.NONE));
            } catch (RuntimeException e) {
                if (StorageCalls.isPreconditionFailed(e) || StorageCalls.isNotFound(e)) {
                    continue;
                }
                throw e;
            }
            job.idempotencyKey().ifPresent(k -> releaseKey(Keys.idempotencyHash(job.owner().orElse(null), k), id));
            return true;
        }
        throw new JobContentionException(id, MAX_DELETE_ROUNDS);
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        Set<JobStatus> targets = PurgeRules.targets(statuses);
        Objects.requireNonNull(finishedBefore, "finishedBefore cannot be null");
        String filter = ODataFilter.and(List.of(ODataFilter.ge("RowKey", Keys.JOB_PREFIX),
                ODataFilter.lt("RowKey", Keys.JOB_END),
                ODataFilter.anyOf(JobEntities.STATUS, targets.stream().map(JobStatus::wireName).sorted().toList()),
                ODataFilter.lt(JobEntities.FINISHED_AT, JobEntities.instantText(finishedBefore))));
        ListEntitiesOptions options = new ListEntitiesOptions().setFilter(filter)
                .setSelect(List.of("PartitionKey", "RowKey", JobEntities.KEY_HASH));
        Map<String, List<TableEntity>> byPartition = new LinkedHashMap<>();
        String token = null;
        do {
            PagedResponse<TableEntity> page = firstPage("list jobs to purge", options, token);
            page.getValue().forEach(e -> byPartition.computeIfAbsent(e.getPartitionKey(), p -> new ArrayList<>()).add(e));
            token = page.getContinuationToken();
        } while (token != null && !token.isEmpty());
        int deleted = 0;
        for (List<TableEntity> rows : byPartition.values()) {
            for (int from = 0; from < rows.size(); from += MAX_BATCH) {
                List<TableEntity> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_BATCH));
                deleted += deleteFinished(chunk);
            }
        }
        return deleted;
    }

    /** Deletes finished jobs of one partition in one transaction, or one by one if one of them changed. */
    private int deleteFinished(List<TableEntity> rows) {
        List<TableTransactionAction> actions = rows.stream()
                .map(e -> new TableTransactionAction(TableTransactionActionType.DELETE, e, true)).toList();
        List<TableEntity> gone = new ArrayList<>();
        try {
            calls.run("purge jobs", () -> table.submitTransactionWithResponse(actions, null, Context.NONE));
            gone.addAll(rows);
        } catch (RuntimeException e) {
            if (!StorageCalls.isPreconditionFailed(e) && !StorageCalls.isNotFound(e)) {
                throw e;
            }
            for (TableEntity row : rows) {
                try {
                    calls.run("purge a job", () -> table.deleteEntityWithResponse(row, true, null, Context.NONE));
                    gone.add(row);
                } catch (RuntimeException single) {
                    if (!StorageCalls.isPreconditionFailed(single) && !StorageCalls.isNotFound(single)) {
                        throw single;
                    }
                }
            }
        }
        for (TableEntity row : gone) {
            Object hash = row.getProperties().get(JobEntities.KEY_HASH);
            if (hash != null) {
                releaseKey((String) hash, Keys.idOfJobRow(row.getRowKey()));
            }
        }
        return gone.size();
    }

    /** Nothing to release: the HTTP client is shared. Idempotent. */
    @Override
    public void close() {
        // the SDK's HTTP client and its connection pool are process-wide and shared with other clients
    }

    @Override
    public String toString() {
        return "AzureTableJobStore[table=" + tableName() + ", shards=" + keys.shards() + "]";
    }

    // ---- idempotency keys -----------------------------------------------------------------------

    private record Reservation(String partition, String row, String etag, String hash) {
    }

    /**
     * Claims (owner, key) for this job by inserting its index row before the job, which makes concurrent
     * creates with one key race on a single insert. A row whose job never appears (its creator died between
     * the two writes) is taken over after the reservation timeout.
     */
    private Reservation reserveKey(Job job, String key) {
        String owner = job.owner().orElse(null);
        String hash = Keys.idempotencyHash(owner, key);
        String pk = keys.partitionOf(hash);
        String row = Keys.keyRow(hash);
        TableEntity entity = new TableEntity(pk, row).addProperty(JobEntities.JOB_ID, job.id());
        while (true) {
            try {
                Response<Void> created = calls.run("reserve an idempotency key",
                        () -> table.createEntityWithResponse(entity, null, Context.NONE));
                return new Reservation(pk, row, Versions.fromHeader(created.getHeaders().getValue(HttpHeaderName.ETAG)), hash);
            } catch (RuntimeException e) {
                if (!StorageCalls.isConflict(e)) {
                    throw e;
                }
            }
            Optional<TableEntity> holder = readEntity(pk, row, "read an idempotency key");
            if (holder.isEmpty()) {
                continue;
            }
            String holderId = (String) holder.get().getProperties().get(JobEntities.JOB_ID);
            if (job.id().equals(holderId)) {
                return new Reservation(pk, row, holder.get().getETag(), hash);
            }
            awaitHolderOrTakeOver(holder.get(), holderId, key);
        }
    }

    /** Returns when the stale row was removed; throws the duplicate once the holder's job exists. */
    private void awaitHolderOrTakeOver(TableEntity holder, String holderId, String key) {
        long deadline = System.nanoTime() + keyReservationTimeout.toNanos();
        long pause = 10;
        while (true) {
            if (find(holderId).isPresent()) {
                throw new DuplicateJobException("this owner already submitted a job with the same idempotency key", key);
            }
            Optional<TableEntity> now = readEntity(holder.getPartitionKey(), holder.getRowKey(), "read an idempotency key");
            if (now.isEmpty() || !now.get().getETag().equals(holder.getETag())) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                LOG.log(Level.WARNING, "idempotency key row of job {0} has had no job for {1}; taking it over",
                        holderId, keyReservationTimeout);
                try {
                    calls.run("take over an idempotency key",
                            () -> table.deleteEntityWithResponse(holder, true, null, Context.NONE));
                } catch (RuntimeException e) {
                    if (!StorageCalls.isPreconditionFailed(e) && !StorageCalls.isNotFound(e)) {
                        throw e;
                    }
                }
                return;
            }
            StorageCalls.pause(Duration.ofMillis(pause), "waiting for an idempotency key");
            pause = Math.min(pause * 2, 500);
        }
    }

    /** After a create slower than the reservation timeout: make sure nobody took the key over meanwhile. */
    private void confirmReservation(Job stored, Reservation reservation) {
        Optional<TableEntity> row = readEntity(reservation.partition(), reservation.row(), "read an idempotency key");
        boolean ours = row.map(r -> stored.id().equals(r.getProperties().get(JobEntities.JOB_ID))).orElse(false);
        if (!ours) {
            delete(stored.id());
            throw new DuplicateJobException("this owner already submitted a job with the same idempotency key",
                    stored.idempotencyKey().orElseThrow());
        }
    }

    private void releaseReservation(Reservation reservation) {
        try {
            TableEntity row = new TableEntity(reservation.partition(), reservation.row());
            row.getProperties().put(JobEntities.ETAG, reservation.etag());
            calls.run("release an idempotency key", () -> table.deleteEntityWithResponse(row, true, null, Context.NONE));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release an idempotency key after a failed create; it is taken over "
                    + "after the reservation timeout", e);
        }
    }

    /** Deletes the key row of a deleted job, unless it already names another job. */
    private void releaseKey(String hash, String jobId) {
        String pk = keys.partitionOf(hash);
        Optional<TableEntity> row = readEntity(pk, Keys.keyRow(hash), "read an idempotency key");
        if (row.isEmpty() || !jobId.equals(row.get().getProperties().get(JobEntities.JOB_ID))) {
            return;
        }
        try {
            calls.run("delete an idempotency key", () -> table.deleteEntityWithResponse(row.get(), true, null, Context.NONE));
        } catch (RuntimeException e) {
            if (!StorageCalls.isPreconditionFailed(e) && !StorageCalls.isNotFound(e)) {
                throw e;
            }
        }
    }

    // ---- storage helpers ------------------------------------------------------------------------

    /**
     * Writes a job (operation 0) with the rest of its partition's changes and returns the job's new ETag.
     * A single operation is sent alone; several go as one entity-group transaction.
     */
    private String transact(String what, String pk, String id, String token, List<TableTransactionAction> actions) {
        if (actions.size() == 1 && actions.get(0).getActionType() == TableTransactionActionType.UPDATE_REPLACE) {
            Response<Void> response = calls.run(what, () -> table.updateEntityWithResponse(actions.get(0).getEntity(),
                    TableEntityUpdateMode.REPLACE, true, null, Context.NONE));
            return Versions.fromHeader(response.getHeaders().getValue(HttpHeaderName.ETAG));
        }
        BatchETags.Sink sink = BatchETags.newSink();
        Response<TableTransactionResult> ignored =
                calls.run(what, () -> table.submitTransactionWithResponse(actions, null, sink.context()));
        Optional<String> etag = sink.etag(0);
        if (etag.isPresent()) {
            return etag.get();
        }
        if (batchETagsCaptured) {
            LOG.log(Level.DEBUG, "the transaction answer of job {0} carried no ETag; reading it back", id);
        }
        // a client built elsewhere hides the ETags of transactions: read the job back, and if it is no longer our
        // write, hand out a version that cannot match so the next compare-and-set fails as it must
        return ownWrite(pk, id, token).orElse("W/\"superseded\"");
    }

    /** The ETag of the job if the stored entity is the one written with {@code token}. */
    private Optional<String> ownWrite(String pk, String id, String token) {
        return readEntity(pk, Keys.jobRow(id), "read job " + id)
                .filter(e -> JobEntities.writeTokenOf(e).equals(token))
                .map(TableEntity::getETag);
    }

    private Optional<TableEntity> readEntity(String pk, String rk, String what) {
        try {
            return Optional.of(calls.run(what, () -> table.getEntityWithResponse(pk, rk, null, null, Context.NONE))
                    .getValue());
        } catch (RuntimeException e) {
            if (StorageCalls.isNotFound(e)) {
                return Optional.empty();
            }
            if (StorageCalls.isTableMissing(e)) {
                throw new IllegalStateException("table " + table.getTableName() + " does not exist; create it or "
                        + "build the store with createTableIfMissing(true)", e);
            }
            throw e;
        }
    }

    private PagedResponse<TableEntity> firstPage(String what, ListEntitiesOptions options, String serviceToken) {
        return calls.run(what, () -> {
            var pages = table.listEntities(options, null, Context.NONE);
            var iterable = serviceToken == null ? pages.iterableByPage() : pages.iterableByPage(serviceToken);
            return iterable.iterator().next();
        });
    }

    /** A due-index row; it carries the job's type so that {@link #findDue} filters by type on the service. */
    private static TableEntity dueEntity(String pk, long dueMillis, Job job) {
        return new TableEntity(pk, Keys.dueRow(dueMillis, job.id())).addProperty(JobEntities.TYPE, job.type());
    }

    private static String newToken() {
        return UUID.randomUUID().toString();
    }

    private static String encodeToken(String serviceToken) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_PREFIX + serviceToken).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed continuation token", e);
        }
        if (!raw.startsWith(TOKEN_PREFIX) || raw.length() == TOKEN_PREFIX.length()) {
            throw new IllegalArgumentException("malformed continuation token");
        }
        return raw.substring(TOKEN_PREFIX.length());
    }

    // ---- setup --------------------------------------------------------------------------------

    private void checkLayout() {
        TableEntity marker = new TableEntity(Keys.META_PARTITION, Keys.LAYOUT_ROW).addProperty(SHARDS, keys.shards());
        Optional<TableEntity> existing = readEntity(Keys.META_PARTITION, Keys.LAYOUT_ROW, "read the table layout");
        if (existing.isEmpty()) {
            try {
                calls.run("record the table layout", () -> table.createEntityWithResponse(marker, null, Context.NONE));
                return;
            } catch (RuntimeException e) {
                if (!StorageCalls.isConflict(e)) {
                    throw e;
                }
                existing = readEntity(Keys.META_PARTITION, Keys.LAYOUT_ROW, "read the table layout");
            }
        }
        int recorded = existing.map(e -> ((Number) e.getProperties().get(SHARDS)).intValue()).orElse(keys.shards());
        if (recorded != keys.shards()) {
            throw new IllegalStateException("table " + table.getTableName() + " holds jobs spread over " + recorded
                    + " shards, but the store was built with shardCount(" + keys.shards() + "); use " + recorded
                    + " or another table");
        }
    }

    /**
     * Builds an {@link AzureTableJobStore}. Not thread-safe. Exactly one way to reach the service must be
     * set: {@link #connectionString}, {@link #endpoint} or {@link #serviceClient}.
     */
    public static final class Builder {
        private String connectionString;
        private String endpoint;
        private TokenCredential credential;
        private TableServiceClient serviceClient;
        private String tableName = DEFAULT_TABLE_NAME;
        private int shardCount = DEFAULT_SHARD_COUNT;
        private boolean createTableIfMissing = true;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private Duration maxRetryDelay = DEFAULT_MAX_RETRY_DELAY;
        private Duration keyReservationTimeout = DEFAULT_KEY_RESERVATION_TIMEOUT;
        private final List<HttpPipelinePolicy> policies = new ArrayList<>();

        private Builder() {
        }

        /**
         * Connects with a storage account connection string (account key or SAS). The string is never logged.
         *
         * @param connectionString e.g. {@code DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...}
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if blank
         * @throws IllegalStateException    if another way to connect was already set
         */
        public Builder connectionString(String connectionString) {
            Objects.requireNonNull(connectionString, "connectionString cannot be null");
            if (connectionString.isBlank()) {
                throw new IllegalArgumentException("connectionString cannot be blank");
            }
            requireNoConnection();
            this.connectionString = connectionString;
            return this;
        }

        /**
         * Connects to a Table endpoint with an Entra ID credential, e.g. {@code DefaultAzureCredential} for a
         * managed identity. The identity needs the {@code Storage Table Data Contributor} role.
         *
         * @param endpoint   e.g. {@code https://myaccount.table.core.windows.net}
         * @param credential the credential
         * @return this builder
         * @throws NullPointerException     if either is null
         * @throws IllegalArgumentException if the endpoint is not an http(s) URL
         * @throws IllegalStateException    if another way to connect was already set
         */
        public Builder endpoint(String endpoint, TokenCredential credential) {
            Objects.requireNonNull(endpoint, "endpoint cannot be null");
            Objects.requireNonNull(credential, "credential cannot be null");
            if (!endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
                throw new IllegalArgumentException("endpoint must be an http(s) URL, but was '" + endpoint + "'");
            }
            requireNoConnection();
            this.endpoint = endpoint;
            this.credential = credential;
            return this;
        }

        /**
         * Uses a client configured elsewhere. Its own retry policy and timeouts apply, {@link #addPolicy} does
         * not, and because the SDK hides the ETags of transaction answers, each transactional write costs one
         * extra point read with such a client.
         *
         * @param serviceClient the client
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if another way to connect was already set
         */
        public Builder serviceClient(TableServiceClient serviceClient) {
            Objects.requireNonNull(serviceClient, "serviceClient cannot be null");
            requireNoConnection();
            this.serviceClient = serviceClient;
            return this;
        }

        /**
         * Sets the table name; default {@value AzureTableJobStore#DEFAULT_TABLE_NAME}.
         *
         * @param tableName 3 to 63 letters and digits, starting with a letter
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not a valid table name
         */
        public Builder tableName(String tableName) {
            Objects.requireNonNull(tableName, "tableName cannot be null");
            if (!TABLE_NAME.matcher(tableName).matches()) {
                throw new IllegalArgumentException("tableName must be 3 to 63 letters and digits starting with a "
                        + "letter, but was '" + tableName + "'");
            }
            this.tableName = tableName;
            return this;
        }

        /**
         * Sets how many partitions jobs are spread over; default {@value AzureTableJobStore#DEFAULT_SHARD_COUNT}.
         * Fixed for the lifetime of a table: the store refuses to open a table recorded with another count.
         *
         * @param shardCount 1 to {@value AzureTableJobStore#MAX_SHARD_COUNT}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder shardCount(int shardCount) {
            if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
                throw new IllegalArgumentException("shardCount must be 1 to " + MAX_SHARD_COUNT + ", but was " + shardCount);
            }
            this.shardCount = shardCount;
            return this;
        }

        /**
         * Whether {@link #build()} creates the table when it does not exist; default {@code true}. Turn it off
         * when the identity may not create tables.
         *
         * @param createTableIfMissing whether to create the table
         * @return this builder
         */
        public Builder createTableIfMissing(boolean createTableIfMissing) {
            this.createTableIfMissing = createTableIfMissing;
            return this;
        }

        /**
         * Sets the timeout of one HTTP request for clients this builder creates; default 30 s.
         *
         * @param requestTimeout positive
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not positive
         */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /**
         * Sets how storage calls are retried when throttled (429), when the service fails or is busy (500, 502,
         * 503, 504) or when a request times out (408, or no answer within the request timeout): at most
         * {@code maxAttempts} attempts, the delay starting at {@code delay} and doubling up to
         * {@code maxDelay}, with jitter. Defaults: 5 attempts, 200 ms, 5 s. After the last attempt the call
         * fails with {@link JobStoreUnavailableException}.
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
         * Sets how long an idempotency key may stay reserved by a create whose job never appeared (its process
         * died between the two writes) before another create takes the key over; default 10 s.
         *
         * @param timeout positive
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not positive
         */
        public Builder keyReservationTimeout(Duration timeout) {
            this.keyReservationTimeout = positive(timeout, "keyReservationTimeout");
            return this;
        }

        /**
         * Adds an azure-core pipeline policy (e.g. metrics or request counting) to the clients this builder
         * creates. Ignored with {@link #serviceClient}.
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder addPolicy(HttpPipelinePolicy policy) {
            policies.add(Objects.requireNonNull(policy, "policy cannot be null"));
            return this;
        }

        /**
         * Connects, creates the table if missing (when enabled) and checks the table's recorded shard count.
         *
         * @return the store
         * @throws IllegalStateException             if no way to connect was set, the table is missing and
         *                                           creation is off, or the table has another shard count
         * @throws TableStoreAccessDeniedException   if the service refuses the credential
         * @throws JobStoreUnavailableException      if the service cannot be reached
         */
        public AzureTableJobStore build() {
            TableServiceClient service = serviceClient;
            boolean captured = false;
            if (service == null) {
                if (connectionString == null && endpoint == null) {
                    throw new IllegalStateException("set connectionString, endpoint or serviceClient before build()");
                }
                TableServiceClientBuilder b = new TableServiceClientBuilder()
                        .addPolicy(new BatchETags())
                        // the store retries itself, knowing which writes are safe to repeat
                        .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                        .clientOptions(new HttpClientOptions().setResponseTimeout(requestTimeout)
                                .setReadTimeout(requestTimeout).setWriteTimeout(requestTimeout)
                                .setConnectTimeout(requestTimeout));
                policies.forEach(b::addPolicy);
                if (connectionString != null) {
                    b.connectionString(connectionString);
                } else {
                    b.endpoint(endpoint).credential(credential);
                }
                service = b.buildClient();
                captured = true;
            }
            StorageCalls calls = new StorageCalls(maxAttempts, retryDelay, maxRetryDelay);
            TableServiceClient client = service;
            TableClient table;
            if (createTableIfMissing) {
                calls.run("create table " + tableName, () -> client.createTableIfNotExists(tableName));
            }
            table = client.getTableClient(tableName);
            AzureTableJobStore store = new AzureTableJobStore(table, new Keys(shardCount), calls, captured,
                    keyReservationTimeout);
            store.checkLayout();
            return store;
        }

        private void requireNoConnection() {
            if (connectionString != null || endpoint != null || serviceClient != null) {
                throw new IllegalStateException("a way to connect was already set ("
                        + (connectionString != null ? "connectionString" : endpoint != null ? "endpoint " + endpoint
                        : "serviceClient") + "); set only one");
            }
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
