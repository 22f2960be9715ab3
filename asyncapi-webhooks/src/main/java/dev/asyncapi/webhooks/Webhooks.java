package dev.asyncapi.webhooks;

import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.webhooks.internal.DeliverySettings;
import dev.asyncapi.webhooks.internal.Destinations;
import dev.asyncapi.webhooks.internal.Origins;
import dev.asyncapi.webhooks.internal.Signer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Completion webhooks of a service: the signing secret, the destinations callers may name, and how deliveries are
 * sent and retried. Off unless built: a service that does not build one sends nothing, and its HTTP layer refuses
 * callback requests.
 *
 * <p>Each event is a small JSON ({@code type}, {@code timestamp}, {@code data: {id, status, statusUri}}, plus
 * {@code data.result} if {@link Builder#includeResult(boolean)}), never the job's input, signed per Standard
 * Webhooks: headers {@code webhook-id} ({@code msg_} + job id, the same on every attempt), {@code webhook-timestamp}
 * and {@code webhook-signature} ({@code v1,} + base64 HMAC-SHA256). Delivery is at least once: the pending delivery
 * is recorded in the job store with the job's terminal state and retried with exponential backoff for
 * {@link Builder#retryFor(Duration)}; a 2xx answer ends it. Redirects are never followed.
 *
 * <p>Destinations: https only (unless {@link Builder#allowHttp()}), the origin on the allow-list, and every address
 * the host resolves to outside the loopback, private, shared, link-local (cloud metadata), multicast and reserved
 * ranges; checked at submit ({@link #checkDestination}) and again before each attempt, whose connection goes only
 * to the addresses just checked.
 *
 * <p>Immutable and thread-safe.
 */
public final class Webhooks {

    /** Default {@link Builder#retryFor}: 24 hours. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofHours(24);
    /** Default {@link Builder#initialBackoff}: 5 seconds. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(5);
    /** Default {@link Builder#maxBackoff}: 1 hour. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofHours(1);
    /** Default {@link Builder#connectTimeout}: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link Builder#responseTimeout}: 10 seconds. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link Builder#pollInterval}: 5 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
    /** Default {@link Builder#handoffDelay}: 30 seconds. */
    public static final Duration DEFAULT_HANDOFF_DELAY = Duration.ofSeconds(30);
    /** Default {@link Builder#concurrency}: 4 sends at once. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Due deliveries read per poll. */
    private static final int BATCH_SIZE = 100;

    private final DeliverySettings settings;
    private final Destinations destinations;

    private Webhooks(DeliverySettings settings) {
        this.settings = settings;
        this.destinations = new Destinations(settings);
    }

    /**
     * Starts a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Accepts or refuses a callback destination, as a submit must before storing the job: the scheme, the
     * allow-list, and every address the host resolves to. Usable as the servlet's callback policy:
     * {@code AsyncJobsHttp.builder(jobs).callbacks(webhooks::checkDestination)}.
     *
     * @param url the callback URL
     * @throws NullPointerException     if {@code url} is null
     * @throws IllegalArgumentException if refused; the message says why and may be shown to the caller
     */
    public void checkDestination(URI url) {
        destinations.check(url);
    }

    /**
     * Starts delivering the events recorded in a store. Build the engine with the returned deliverer's
     * {@link WebhookDeliverer#store()} so the jobs it ends are sent at once.
     *
     * @param store the job store the engine uses
     * @return the running deliverer; close it when the service stops
     * @throws NullPointerException if {@code store} is null
     */
    public WebhookDeliverer start(JobStore store) {
        return new WebhookDeliverer(settings, store);
    }

    /** @return a summary without the secret */
    @Override
    public String toString() {
        return "Webhooks[origins=" + settings.origins() + ", allowHttp=" + settings.allowHttp() + ", allowLoopback="
                + settings.allowLoopback() + ", retryFor=" + settings.retryFor() + "]";
    }

    /**
     * Builds {@link Webhooks}. Not thread-safe. A signing secret, at least one allowed origin and the status URL
     * template are required; everything else has a default. Each setting may be made once.
     */
    public static final class Builder {
        private byte[] secret;
        private final List<Origins.Origin> origins = new ArrayList<>();
        private boolean allowHttp;
        private boolean allowLoopback;
        private AddressResolver resolver;
        private String statusUrl;
        private Boolean includeResult;
        private Duration retryFor;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Duration connectTimeout;
        private Duration responseTimeout;
        private Duration pollInterval;
        private Duration handoffDelay;
        private Integer concurrency;
        private Clock clock;

        private Builder() {
        }

        /**
         * Sets the signing secret, in Standard Webhooks form. Required. Never logged nor shown by {@code toString}.
         *
         * @param secret {@code whsec_} followed by the base64 of 24 to 64 random bytes
         * @return this builder
         * @throws IllegalArgumentException if malformed (the message does not repeat the secret)
         * @throws IllegalStateException    if already set
         */
        public Builder signingSecret(String secret) {
            if (this.secret != null) {
                throw new IllegalStateException("signingSecret was already set");
            }
            this.secret = Signer.decodeSecret(secret);
            return this;
        }

        /**
         * Allows destinations of an origin. At least one is required.
         *
         * @param origin {@code https://host}, {@code https://host:port}, or {@code https://*.domain} for any
         *               sub-domain of {@code domain} (not {@code domain} itself); {@code http://} only with
         *               {@link #allowHttp()}
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not such an origin
         */
        public Builder allowOrigin(String origin) {
            origins.add(Origins.parse(origin));
            return this;
        }

        /**
         * Accepts plain {@code http} destinations too. Default: https only.
         *
         * @return this builder
         */
        public Builder allowHttp() {
            this.allowHttp = true;
            return this;
        }

        /**
         * Accepts destinations on loopback addresses: for tests and local development only, never in production
         * (a caller could reach the service's own host). Private, link-local and metadata addresses stay refused.
         * Default: refused.
         *
         * @return this builder
         */
        public Builder allowLoopback() {
            this.allowLoopback = true;
            return this;
        }

        /**
         * Sets how destination hosts are resolved. Default: {@link AddressResolver#system()}.
         *
         * @param resolver the resolver
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if already set
         */
        public Builder resolver(AddressResolver resolver) {
            this.resolver = once(this.resolver, Objects.requireNonNull(resolver, "resolver cannot be null"), "resolver");
            return this;
        }

        /**
         * Sets the status URL the events carry. Required.
         *
         * @param template an absolute URL with {@code {id}} where the job id goes, e.g.
         *                 {@code https://api.example.com/jobs/{id}}
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if it has no {@code {id}} or is not an absolute http(s) URL
         * @throws IllegalStateException    if already set
         */
        public Builder statusUrl(String template) {
            Objects.requireNonNull(template, "statusUrl cannot be null");
            if (!template.contains("{id}")) {
                throw new IllegalArgumentException("statusUrl must contain {id}, but was '" + template + "'");
            }
            URI sample = URI.create(template.replace("{id}", "0123456789abcdef0123456789abcdef"));
            if (!sample.isAbsolute() || !(sample.getScheme().equals("https") || sample.getScheme().equals("http"))) {
                throw new IllegalArgumentException("statusUrl must be an absolute http(s) URL, but was '" + template + "'");
            }
            this.statusUrl = once(this.statusUrl, template, "statusUrl");
            return this;
        }

        /**
         * Puts a Completed job's result into its event as {@code data.result}. Default: {@code false} (the receiver
         * reads the result at the status URL, under the service's own access control).
         *
         * @param include whether to include results
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder includeResult(boolean include) {
            this.includeResult = once(this.includeResult, include, "includeResult");
            return this;
        }

        /**
         * Sets how long after the job's end a failing delivery is retried; the first attempt after that is the
         * last. Default {@link #DEFAULT_RETRY_FOR}.
         *
         * @param period 1 second to 30 days
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder retryFor(Duration period) {
            this.retryFor = once(this.retryFor, range(period, "retryFor", Duration.ofSeconds(1), Duration.ofDays(30)),
                    "retryFor");
            return this;
        }

        /**
         * Sets the wait after the first failed attempt; it doubles after each further failure up to
         * {@link #maxBackoff}. Default {@link #DEFAULT_INITIAL_BACKOFF}.
         *
         * @param wait 10 ms to 1 hour
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder initialBackoff(Duration wait) {
            this.initialBackoff = once(this.initialBackoff,
                    range(wait, "initialBackoff", Duration.ofMillis(10), Duration.ofHours(1)), "initialBackoff");
            return this;
        }

        /**
         * Sets the longest wait between attempts. Default {@link #DEFAULT_MAX_BACKOFF}.
         *
         * @param wait 10 ms to 1 day, not less than the initial backoff
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder maxBackoff(Duration wait) {
            this.maxBackoff = once(this.maxBackoff, range(wait, "maxBackoff", Duration.ofMillis(10), Duration.ofDays(1)),
                    "maxBackoff");
            return this;
        }

        /**
         * Sets the longest wait for a connection to the receiver. Default {@link #DEFAULT_CONNECT_TIMEOUT}.
         *
         * @param timeout 100 ms to 1 minute
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = once(this.connectTimeout,
                    range(timeout, "connectTimeout", Duration.ofMillis(100), Duration.ofMinutes(1)), "connectTimeout");
            return this;
        }

        /**
         * Sets the longest wait for the receiver's answer once the event is sent. Default
         * {@link #DEFAULT_RESPONSE_TIMEOUT}.
         *
         * @param timeout 100 ms to 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = once(this.responseTimeout,
                    range(timeout, "responseTimeout", Duration.ofMillis(100), Duration.ofMinutes(5)), "responseTimeout");
            return this;
        }

        /**
         * Sets how often the store is asked for due deliveries (retries, and those of other instances that died).
         * Default {@link #DEFAULT_POLL_INTERVAL}.
         *
         * @param interval 10 ms to 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = once(this.pollInterval,
                    range(interval, "pollInterval", Duration.ofMillis(10), Duration.ofMinutes(10)), "pollInterval");
            return this;
        }

        /**
         * Sets how long other instances leave the first attempt of a delivery to the instance whose engine ended the
         * job; after that any deliverer sends it. Default {@link #DEFAULT_HANDOFF_DELAY}.
         *
         * @param delay at least the connect plus the response timeout (so a slow first attempt is not doubled), at
         *              most 1 hour
         * @return this builder
         * @throws IllegalArgumentException if over 1 hour or negative
         * @throws IllegalStateException    if already set
         */
        public Builder handoffDelay(Duration delay) {
            this.handoffDelay = once(this.handoffDelay, range(delay, "handoffDelay", Duration.ZERO, Duration.ofHours(1)),
                    "handoffDelay");
            return this;
        }

        /**
         * Sets how many deliveries one deliverer sends at once. Default {@value #DEFAULT_CONCURRENCY}.
         *
         * @param sends 1 to 256
         * @return this builder
         * @throws IllegalArgumentException if out of range
         * @throws IllegalStateException    if already set
         */
        public Builder concurrency(int sends) {
            if (sends < 1 || sends > 256) {
                throw new IllegalArgumentException("concurrency must be 1 to 256, but was " + sends);
            }
            this.concurrency = once(this.concurrency, sends, "concurrency");
            return this;
        }

        /**
         * Sets the clock of timestamps and retry instants. Default: the system clock in UTC.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException  if null
         * @throws IllegalStateException if already set
         */
        public Builder clock(Clock clock) {
            this.clock = once(this.clock, Objects.requireNonNull(clock, "clock cannot be null"), "clock");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the webhooks of a service
         * @throws IllegalStateException if the secret, the origins or the status URL is missing, an {@code http}
         *                               origin is allowed without {@link #allowHttp()}, the maximum backoff is below
         *                               the initial one, or the handoff delay is below connect plus response timeout
         */
        public Webhooks build() {
            if (secret == null) {
                throw new IllegalStateException("set the signingSecret");
            }
            if (origins.isEmpty()) {
                throw new IllegalStateException("allow at least one destination origin with allowOrigin");
            }
            if (statusUrl == null) {
                throw new IllegalStateException("set the statusUrl template");
            }
            if (!allowHttp && origins.stream().anyMatch(o -> o.scheme().equals("http"))) {
                throw new IllegalStateException("an http origin is allowed but allowHttp() was not set: " + origins);
            }
            Duration initial = initialBackoff != null ? initialBackoff : DEFAULT_INITIAL_BACKOFF;
            Duration max = maxBackoff != null ? maxBackoff : DEFAULT_MAX_BACKOFF;
            if (max.compareTo(initial) < 0) {
                throw new IllegalStateException("maxBackoff " + max + " is below initialBackoff " + initial);
            }
            Duration connect = connectTimeout != null ? connectTimeout : DEFAULT_CONNECT_TIMEOUT;
            Duration response = responseTimeout != null ? responseTimeout : DEFAULT_RESPONSE_TIMEOUT;
            Duration handoff = handoffDelay != null ? handoffDelay : DEFAULT_HANDOFF_DELAY;
            if (handoff.compareTo(connect.plus(response)) < 0) {
                throw new IllegalStateException("handoffDelay " + handoff + " must be at least connectTimeout plus "
                        + "responseTimeout (" + connect.plus(response) + ")");
            }
            return new Webhooks(new DeliverySettings(secret.clone(), List.copyOf(origins), allowHttp, allowLoopback,
                    resolver != null ? resolver : AddressResolver.system(), statusUrl,
                    includeResult != null && includeResult, retryFor != null ? retryFor : DEFAULT_RETRY_FOR, initial,
                    max, connect, response, pollInterval != null ? pollInterval : DEFAULT_POLL_INTERVAL, handoff,
                    concurrency != null ? concurrency : DEFAULT_CONCURRENCY, BATCH_SIZE,
                    clock != null ? clock : Clock.systemUTC()));
        }

        private static Duration range(Duration value, String name, Duration min, Duration max) {
            Objects.requireNonNull(value, name + " cannot be null");
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", but was " + value);
            }
            return value;
        }

        private static <T> T once(T current, T value, String name) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
            return value;
        }
    }
}
