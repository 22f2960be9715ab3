package dev.asyncapi.core.memory;

import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobCallback;
import dev.asyncapi.core.JobIds;
import dev.asyncapi.core.JobPage;
import dev.asyncapi.core.JobQuery;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.PurgeRules;
import dev.asyncapi.core.spi.ClaimedJob;
import dev.asyncapi.core.spi.DueClaim;
import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A {@link JobStore} in this process's memory: the embedded default. Jobs do not survive a restart
 * and are not shared between processes; use a durable store for that (module {@code asyncapi-postgres}
 * or {@code asyncapi-azure-tables}).
 *
 * <p>Thread-safe and lock-free for reads; writes to different jobs do not wait for each other.
 * Finding due work reads only an index of the due jobs of the asked types, ordered by when each
 * became due; finding due callback deliveries reads only an index of those. Uses only the public API
 * and SPI of {@code asyncapi-core}, like any third-party store. Query pages are ordered by creation
 * instant, then id.
 */
public final class InMemoryJobStore implements JobStore {

    /*
     * No store-wide lock: every change to one job (create, update, delete) runs inside that job's
     * ConcurrentHashMap.compute, which serialises it against every other change to the same job and makes
     * the version check and the index changes one atomic step. Changes to different jobs, and all reads,
     * proceed in parallel; the indexes are concurrent sets, read weakly consistently and re-checked against
     * the job itself.
     */
    private final ConcurrentHashMap<String, Job> jobs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> idsByIdempotencyKey = new ConcurrentHashMap<>();
    /** Due work by job type, so a worker reads only the types it runs. */
    private final ConcurrentHashMap<String, ConcurrentSkipListSet<DueEntry>> dueByType = new ConcurrentHashMap<>();
    /** Jobs whose completion callback is due, by when it is due. */
    private final ConcurrentSkipListSet<DueEntry> deliveriesDue = new ConcurrentSkipListSet<>();
    /** Creation order never changes, so updates leave this index alone; the jobs themselves are in {@link #jobs}. */
    private final ConcurrentSkipListSet<CreationKey> byCreation = new ConcurrentSkipListSet<>();
    /** Versions are unique across the store's life, so a snapshot of a deleted job never matches a new one. */
    private final AtomicLong nextVersion = new AtomicLong(1);

    /** Creates an empty store. */
    public InMemoryJobStore() {
    }

    @Override
    public Job create(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        if (!job.version().isEmpty()) {
            throw new IllegalArgumentException("a new job must not carry a version, but " + job + " does");
        }
        String keyOfIdempotency = job.idempotencyKey().map(k -> idempotencyIndexKey(job.owner().orElse(null), k))
                .orElse(null);
        Job[] created = new Job[1];
        jobs.compute(job.id(), (id, existing) -> {
            if (existing != null) {
                throw new DuplicateJobException("a job with id " + id + " already exists");
            }
            // the key is taken inside the id's compute, so a refused create leaves neither the job nor its key
            if (keyOfIdempotency != null && idsByIdempotencyKey.putIfAbsent(keyOfIdempotency, id) != null) {
                throw new DuplicateJobException("owner " + job.owner().orElse("<none>")
                        + " already submitted a job with this idempotency key", job.idempotencyKey().get());
            }
            Job stored = withNextVersion(job);
            byCreation.add(CreationKey.of(stored));
            addDue(stored);
            created[0] = stored;
            return stored;
        });
        return created[0];
    }

    @Override
    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public Job update(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        Job[] updated = new Job[1];
        jobs.compute(job.id(), (id, current) -> {
            if (current == null) {
                throw new StaleJobVersionException("job " + id + " no longer exists");
            }
            if (!current.version().equals(job.version())) {
                throw new StaleJobVersionException("job " + id + " is at version " + current.version()
                        + ", not " + job.version());
            }
            Job stored = withNextVersion(job);
            removeDue(current);
            addDue(stored);
            if (!current.createdAt().equals(stored.createdAt())) {
                byCreation.remove(CreationKey.of(current));
                byCreation.add(CreationKey.of(stored));
            }
            updated[0] = stored;
            return stored;
        });
        return updated[0];
    }

    @Override
    public List<Job> findDue(Set<String> types, Instant now, int limit) {
        JobStore.checkFindDueArguments(types, now, limit);
        List<DueEntry> candidates = new ArrayList<>();
        for (String type : types) {
            ConcurrentSkipListSet<DueEntry> due = dueByType.get(type);
            if (due == null) {
                continue;
            }
            int taken = 0;
            for (DueEntry entry : due) {
                if (taken >= limit || entry.isAfter(now)) {
                    break;
                }
                candidates.add(entry);
                taken++;
            }
        }
        candidates.sort(null);
        List<Job> found = new ArrayList<>(Math.min(limit, candidates.size()));
        for (DueEntry entry : candidates) {
            if (found.size() >= limit) {
                break;
            }
            // the index is read without a lock and may be stale: the job itself decides
            Job job = jobs.get(entry.id());
            if (job != null && job.isClaimableAt(now)) {
                found.add(job);
            }
        }
        return found;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: {@code true}; a batch claim costs nothing more than finding the jobs.
     */
    @Override
    public boolean claimsInBatches() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: each job found due is claimed inside its own atomic change, where it is checked again, so a job
     * claimed or changed by another caller meanwhile is skipped.
     */
    @Override
    public List<ClaimedJob> claimDue(Set<String> types, int limit, DueClaim claim) {
        Objects.requireNonNull(claim, "claim cannot be null");
        Instant now = claim.at();
        List<ClaimedJob> claimed = new ArrayList<>();
        for (Job found : findDue(types, now, limit)) {
            ClaimedJob[] written = new ClaimedJob[1];
            jobs.computeIfPresent(found.id(), (id, current) -> {
                if (!current.isClaimableAt(now)) {
                    return current;
                }
                Optional<Job> next = claim.apply(current);
                if (next.isEmpty()) {
                    return current;
                }
                Job stored = withNextVersion(next.get());
                removeDue(current);
                addDue(stored);
                written[0] = new ClaimedJob(stored, current.claimableAt().orElseThrow());
                return stored;
            });
            if (written[0] != null) {
                claimed.add(written[0]);
            }
        }
        return claimed;
    }

    @Override
    public List<Job> findDeliveriesDue(Instant now, int limit) {
        JobStore.checkFindDeliveriesDueArguments(now, limit);
        List<Job> found = new ArrayList<>();
        for (DueEntry entry : deliveriesDue) {
            if (found.size() >= limit || entry.isAfter(now)) {
                break;
            }
            // the index is read without a lock and may be stale: the job itself decides
            Job job = jobs.get(entry.id());
            if (job != null && job.callback().map(c -> c.isDueAt(now)).orElse(false)) {
                found.add(job);
            }
        }
        return found;
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey cannot be null");
        String id = idsByIdempotencyKey.get(idempotencyIndexKey(owner, idempotencyKey));
        // the key is taken inside the create's compute of the id, before the job is in the map: a compute of the
        // same id waits for that create to finish, where a plain get would answer "no job" in between
        return id == null ? Optional.empty() : Optional.ofNullable(jobs.compute(id, (k, job) -> job));
    }

    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        CreationKey after = query.continuationToken().map(InMemoryJobStore::decodeToken).orElse(null);
        List<Job> page = new ArrayList<>();
        for (CreationKey key : after == null ? byCreation : byCreation.tailSet(after, false)) {
            Job job = jobs.get(key.id());
            // null: deleted since the index was read
            if (job == null || !query.matches(job)) {
                continue;
            }
            if (page.size() == query.pageSize()) {
                return new JobPage(page, Optional.of(encodeToken(page.get(page.size() - 1))));
            }
            page.add(job);
        }
        return new JobPage(page, Optional.empty());
    }

    @Override
    public boolean delete(String id) {
        return deleteIf(id, job -> true);
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        Set<JobStatus> targets = PurgeRules.targets(statuses);
        Objects.requireNonNull(finishedBefore, "finishedBefore cannot be null");
        Predicate<Job> doomed = j -> targets.contains(j.status())
                && j.finishedAt().map(f -> f.isBefore(finishedBefore)).orElse(false);
        int purged = 0;
        for (Job job : jobs.values()) {
            // checked again inside the delete: the job may have changed since this read
            if (doomed.test(job) && deleteIf(job.id(), doomed)) {
                purged++;
            }
        }
        return purged;
    }

    /**
     * Returns how many jobs the store holds.
     *
     * @return the number of jobs
     */
    public int size() {
        return jobs.size();
    }

    private boolean deleteIf(String id, Predicate<Job> condition) {
        boolean[] deleted = new boolean[1];
        jobs.computeIfPresent(id, (k, job) -> {
            if (!condition.test(job)) {
                return job;
            }
            removeDue(job);
            byCreation.remove(CreationKey.of(job));
            job.idempotencyKey().ifPresent(key ->
                    idsByIdempotencyKey.remove(idempotencyIndexKey(job.owner().orElse(null), key), k));
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    private Job withNextVersion(Job job) {
        return job.withVersion(Long.toString(nextVersion.getAndIncrement()));
    }

    private void addDue(Job job) {
        job.callback().flatMap(JobCallback::dueAt).ifPresent(at -> deliveriesDue.add(new DueEntry(at, job.id())));
        job.claimableAt().ifPresent(at ->
                dueByType.computeIfAbsent(job.type(), t -> new ConcurrentSkipListSet<>()).add(new DueEntry(at, job.id())));
    }

    private void removeDue(Job job) {
        job.callback().flatMap(JobCallback::dueAt).ifPresent(at -> deliveriesDue.remove(new DueEntry(at, job.id())));
        job.claimableAt().ifPresent(at -> {
            ConcurrentSkipListSet<DueEntry> due = dueByType.get(job.type());
            if (due != null) {
                due.remove(new DueEntry(at, job.id()));
            }
        });
    }

    private static String idempotencyIndexKey(String owner, String key) {
        return (owner == null ? "" : owner.length() + ":" + owner) + "|" + key;
    }

    private static String encodeToken(Job last) {
        String raw = last.createdAt().getEpochSecond() + ":" + last.createdAt().getNano() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static CreationKey decodeToken(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            Instant createdAt = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            return new CreationKey(createdAt, JobIds.requireWellFormed(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed continuation token", e);
        }
    }

    /*
     * The index keys hold the instant as two primitives rather than an Instant: a skip-list search compares
     * a dozen or more keys, and each Instant reference would be one more cache miss per comparison.
     */
    private record CreationKey(long seconds, int nanos, String id) implements Comparable<CreationKey> {
        CreationKey(Instant createdAt, String id) {
            this(createdAt.getEpochSecond(), createdAt.getNano(), id);
        }

        static CreationKey of(Job job) {
            return new CreationKey(job.createdAt(), job.id());
        }

        @Override
        public int compareTo(CreationKey o) {
            return compareKeys(seconds, nanos, id, o.seconds, o.nanos, o.id);
        }
    }

    private record DueEntry(long seconds, int nanos, String id) implements Comparable<DueEntry> {
        DueEntry(Instant at, String id) {
            this(at.getEpochSecond(), at.getNano(), id);
        }

        boolean isAfter(Instant instant) {
            return seconds != instant.getEpochSecond() ? seconds > instant.getEpochSecond() : nanos > instant.getNano();
        }

        @Override
        public int compareTo(DueEntry o) {
            return compareKeys(seconds, nanos, id, o.seconds, o.nanos, o.id);
        }
    }

    private static int compareKeys(long seconds, int nanos, String id, long otherSeconds, int otherNanos, String otherId) {
        int c = Long.compare(seconds, otherSeconds);
        if (c == 0) {
            c = Integer.compare(nanos, otherNanos);
        }
        return c != 0 ? c : id.compareTo(otherId);
    }
}
