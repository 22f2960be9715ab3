package dev.asyncapi.core;

import dev.asyncapi.core.spi.DuplicateJobException;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.core.spi.StaleJobVersionException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link JobStore} in this process's memory: the embedded default. Jobs do not survive a restart
 * and are not shared between processes; use a durable store (e.g. Azure Table Storage) for that.
 *
 * <p>Thread-safe. Claiming reads only an index of due work, ordered by when each job became due.
 * Query pages are ordered by creation instant, then id.
 */
public final class InMemoryJobStore implements JobStore {

    private final Object lock = new Object();
    private final Map<String, Job> jobs = new HashMap<>();
    private final Map<String, String> idsByIdempotencyKey = new HashMap<>();
    private final NavigableSet<DueEntry> due = new TreeSet<>();
    /** Creation order never changes, so updates leave this index alone; the jobs themselves are in {@link #jobs}. */
    private final NavigableSet<CreationKey> byCreation = new TreeSet<>();
    private long nextVersion = 1;

    /** Creates an empty store. */
    public InMemoryJobStore() {
    }

    @Override
    public Job create(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        if (!job.version().isEmpty()) {
            throw new IllegalArgumentException("a new job must not carry a version, but " + job + " does");
        }
        synchronized (lock) {
            if (jobs.containsKey(job.id())) {
                throw new DuplicateJobException("a job with id " + job.id() + " already exists");
            }
            String keyOfIdempotency = job.idempotencyKey().map(k -> idempotencyIndexKey(job.owner().orElse(null), k))
                    .orElse(null);
            if (keyOfIdempotency != null && idsByIdempotencyKey.containsKey(keyOfIdempotency)) {
                throw new DuplicateJobException("owner " + job.owner().orElse("<none>")
                        + " already submitted a job with this idempotency key", job.idempotencyKey().get());
            }
            Job stored = withNextVersion(job);
            put(stored);
            byCreation.add(CreationKey.of(stored));
            if (keyOfIdempotency != null) {
                idsByIdempotencyKey.put(keyOfIdempotency, job.id());
            }
            return stored;
        }
    }

    @Override
    public Optional<Job> find(String id) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(id));
        }
    }

    @Override
    public Job update(Job job) {
        Objects.requireNonNull(job, "job cannot be null");
        synchronized (lock) {
            Job current = jobs.get(job.id());
            if (current == null) {
                throw new StaleJobVersionException("job " + job.id() + " no longer exists");
            }
            if (!current.version().equals(job.version())) {
                throw new StaleJobVersionException("job " + job.id() + " is at version " + current.version()
                        + ", not " + job.version());
            }
            remove(current);
            Job stored = withNextVersion(job);
            put(stored);
            if (!current.createdAt().equals(stored.createdAt())) {
                byCreation.remove(CreationKey.of(current));
                byCreation.add(CreationKey.of(stored));
            }
            return stored;
        }
    }

    @Override
    public List<Job> claimDue(String workerId, Instant now, Duration leaseDuration, int maxJobs) {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be at least 1, but was " + maxJobs);
        }
        Instant leaseExpiresAt = now.plus(leaseDuration);
        List<Job> claimed = new ArrayList<>();
        synchronized (lock) {
            Iterator<DueEntry> it = due.iterator();
            List<Job> toClaim = new ArrayList<>();
            while (it.hasNext() && toClaim.size() < maxJobs) {
                DueEntry entry = it.next();
                if (entry.at().isAfter(now)) {
                    break;
                }
                toClaim.add(jobs.get(entry.id()));
            }
            for (Job job : toClaim) {
                claimed.add(update(job.claim(workerId, now, leaseExpiresAt)));
            }
        }
        return claimed;
    }

    @Override
    public Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey cannot be null");
        synchronized (lock) {
            return Optional.ofNullable(idsByIdempotencyKey.get(idempotencyIndexKey(owner, idempotencyKey)))
                    .map(jobs::get);
        }
    }

    @Override
    public JobPage query(JobQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        CreationKey after = query.continuationToken().map(InMemoryJobStore::decodeToken).orElse(null);
        List<Job> page = new ArrayList<>();
        synchronized (lock) {
            Iterator<CreationKey> it = (after == null ? byCreation : byCreation.tailSet(after, false)).iterator();
            while (it.hasNext()) {
                Job job = jobs.get(it.next().id());
                if (!query.matches(job)) {
                    continue;
                }
                if (page.size() == query.pageSize()) {
                    return new JobPage(page, Optional.of(encodeToken(page.get(page.size() - 1))));
                }
                page.add(job);
            }
        }
        return new JobPage(page, Optional.empty());
    }

    @Override
    public boolean delete(String id) {
        synchronized (lock) {
            Job job = jobs.get(id);
            if (job == null) {
                return false;
            }
            remove(job);
            byCreation.remove(CreationKey.of(job));
            job.idempotencyKey().ifPresent(k -> idsByIdempotencyKey.remove(idempotencyIndexKey(job.owner().orElse(null), k)));
            return true;
        }
    }

    @Override
    public int purge(Set<JobStatus> statuses, Instant finishedBefore) {
        Set<JobStatus> targets = PurgeRules.targets(statuses);
        Objects.requireNonNull(finishedBefore, "finishedBefore cannot be null");
        synchronized (lock) {
            List<String> doomed = jobs.values().stream()
                    .filter(j -> targets.contains(j.status()))
                    .filter(j -> j.finishedAt().map(f -> f.isBefore(finishedBefore)).orElse(false))
                    .map(Job::id).toList();
            doomed.forEach(this::delete);
            return doomed.size();
        }
    }

    /**
     * Returns how many jobs the store holds.
     *
     * @return the number of jobs
     */
    public int size() {
        synchronized (lock) {
            return jobs.size();
        }
    }

    private Job withNextVersion(Job job) {
        return job.withVersion(Long.toString(nextVersion++));
    }

    private void put(Job job) {
        jobs.put(job.id(), job);
        job.claimableAt().ifPresent(at -> due.add(new DueEntry(at, job.id())));
    }

    private void remove(Job job) {
        jobs.remove(job.id());
        job.claimableAt().ifPresent(at -> due.remove(new DueEntry(at, job.id())));
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

    private record CreationKey(Instant createdAt, String id) implements Comparable<CreationKey> {
        static CreationKey of(Job job) {
            return new CreationKey(job.createdAt(), job.id());
        }

        @Override
        public int compareTo(CreationKey o) {
            int c = createdAt.compareTo(o.createdAt);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private record DueEntry(Instant at, String id) implements Comparable<DueEntry> {
        @Override
        public int compareTo(DueEntry o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }
}
