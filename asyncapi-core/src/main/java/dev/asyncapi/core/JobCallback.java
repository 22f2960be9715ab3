package dev.asyncapi.core;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A completion callback a caller asked for at submit, and the state of its delivery: an immutable part of
 * a {@link Job} snapshot, so it is written with the job's compare-and-set.
 *
 * <p>Its life: {@link State#WAITING} while the job runs; {@link State#DUE} from the job's terminal write
 * (the same write, so the pending delivery costs no extra store transaction), with {@link #dueAt()} the
 * instant from which a deliverer may send it; then {@link State#DELIVERED} or, once its retries ran out,
 * {@link State#ABANDONED}. The engine moves it to {@code DUE}; a deliverer (module {@code asyncapi-webhooks})
 * moves it on with {@link #retryAt}, {@link #delivered()} and {@link #abandoned()} and writes the job with
 * {@code JobStore.update}.
 *
 * <p>Thread-safe (immutable).
 *
 * @param url      the absolute {@code http} or {@code https} URL to POST the event to
 * @param state    where the delivery stands
 * @param attempts how many delivery attempts were recorded (0 until the first failure or success)
 * @param dueAt    when the delivery may next be tried; present exactly when {@code state} is {@code DUE}
 */
public record JobCallback(URI url, State state, int attempts, Optional<Instant> dueAt) {

    /** The longest callback URL accepted, in characters. */
    public static final int MAX_URL_LENGTH = 2048;

    /** Where a callback's delivery stands. */
    public enum State {
        /** The job is not terminal yet: nothing to deliver. */
        WAITING,
        /** The job is terminal and the event waits for a (first or next) delivery at {@code dueAt}. */
        DUE,
        /** A receiver acknowledged the event with a 2xx answer. */
        DELIVERED,
        /** Every attempt in the retry period failed; nothing more will be sent. */
        ABANDONED
    }

    /**
     * Checks the values.
     *
     * @param url      the absolute {@code http} or {@code https} URL to POST the event to
     * @param state    where the delivery stands
     * @param attempts how many delivery attempts were recorded
     * @param dueAt    when the delivery may next be tried; present exactly when {@code state} is {@code DUE}
     * @throws NullPointerException     if a value is null
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL of at most
     *                                  {@value #MAX_URL_LENGTH} characters, {@code attempts} is negative, or
     *                                  {@code dueAt} is present in another state than {@code DUE} (or absent in
     *                                  {@code DUE})
     */
    public JobCallback {
        checkUrl(url);
        Objects.requireNonNull(state, "state cannot be null");
        Objects.requireNonNull(dueAt, "dueAt cannot be null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative, but was " + attempts);
        }
        if (dueAt.isPresent() != (state == State.DUE)) {
            throw new IllegalArgumentException("dueAt must be present exactly when the state is DUE, but state was "
                    + state + " and dueAt " + dueAt);
        }
    }

    /**
     * A callback asked for at submit: {@link State#WAITING}, no attempts.
     *
     * @param url an absolute {@code http} or {@code https} URL
     * @return the callback
     * @throws NullPointerException     if {@code url} is null
     * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL of at most
     *                                  {@value #MAX_URL_LENGTH} characters with a host
     */
    public static JobCallback requested(URI url) {
        return new JobCallback(url, State.WAITING, 0, Optional.empty());
    }

    /**
     * Checks a callback URL: absolute, {@code http} or {@code https}, with a host, no user info and no
     * fragment, at most {@value #MAX_URL_LENGTH} characters. Which destinations a service accepts (allow-list,
     * addresses) is the deliverer's decision, not this one's.
     *
     * @param url the URL
     * @return {@code url}
     * @throws NullPointerException     if {@code url} is null
     * @throws IllegalArgumentException if the URL breaks one of the rules; the message says which
     */
    public static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "callback url cannot be null");
        String text = url.toString();
        if (text.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("callback url must be at most " + MAX_URL_LENGTH
                    + " characters, but was " + text.length());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("callback url must be an absolute http or https URL, but was: "
                    + JobIds.abbreviate(text));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("callback url must name a host, but was: " + JobIds.abbreviate(text));
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("callback url must carry neither user info nor a fragment");
        }
        return url;
    }

    /**
     * The job became terminal: the event is due from {@code at}.
     *
     * @param at when a deliverer may first send it
     * @return the {@code DUE} callback
     * @throws IllegalStateException if the callback is not {@code WAITING}
     */
    public JobCallback due(Instant at) {
        requireState(State.WAITING, "become due");
        return new JobCallback(url, State.DUE, attempts, Optional.of(Objects.requireNonNull(at, "at cannot be null")));
    }

    /**
     * An attempt failed: one more attempt recorded, the next one due at {@code next}.
     *
     * @param next when to try again
     * @return the callback, still {@code DUE}
     * @throws IllegalStateException if the callback is not {@code DUE}
     */
    public JobCallback retryAt(Instant next) {
        requireState(State.DUE, "be retried");
        return new JobCallback(url, State.DUE, attempts + 1, Optional.of(Objects.requireNonNull(next, "next cannot be null")));
    }

    /**
     * An attempt succeeded.
     *
     * @return the {@code DELIVERED} callback, one more attempt recorded
     * @throws IllegalStateException if the callback is not {@code DUE}
     */
    public JobCallback delivered() {
        requireState(State.DUE, "be delivered");
        return new JobCallback(url, State.DELIVERED, attempts + 1, Optional.empty());
    }

    /**
     * The last attempt failed and the retry period is over.
     *
     * @return the {@code ABANDONED} callback, one more attempt recorded
     * @throws IllegalStateException if the callback is not {@code DUE}
     */
    public JobCallback abandoned() {
        requireState(State.DUE, "be abandoned");
        return new JobCallback(url, State.ABANDONED, attempts + 1, Optional.empty());
    }

    /**
     * Tells whether a deliverer may send the event at {@code now}.
     *
     * @param now the current instant
     * @return {@code true} if {@code DUE} and {@code dueAt} has passed
     */
    public boolean isDueAt(Instant now) {
        return dueAt.map(at -> !at.isAfter(now)).orElse(false);
    }

    private void requireState(State expected, String action) {
        if (state != expected) {
            throw new IllegalStateException("a " + state + " callback cannot " + action);
        }
    }

    /** @return a summary that leaves out the URL's query, which may carry a receiver's token */
    @Override
    public String toString() {
        return "JobCallback[host=" + url.getHost() + ", state=" + state + ", attempts=" + attempts
                + ", dueAt=" + dueAt.orElse(null) + "]";
    }
}
