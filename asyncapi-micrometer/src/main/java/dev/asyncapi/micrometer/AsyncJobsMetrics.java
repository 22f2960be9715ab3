package dev.asyncapi.micrometer;

import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.core.EngineGauges;
import dev.asyncapi.core.JobEvent;
import dev.asyncapi.core.JobListener;
import dev.asyncapi.core.StoreCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer metrics of one engine: a {@link JobListener} that counts and times jobs and store calls, and
 * binds the engine's {@link EngineGauges}: add it with {@link AsyncJobs.Builder#listener}, then call
 * {@link #bindGauges} with the built engine (the {@linkplain dev.asyncapi.micrometer package overview} has the
 * complete example).
 *
 * <p>Meters (every one tagged with the tags given to the constructor):
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>kind</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@value #SUBMITTED}</td><td>counter</td><td>type</td><td>jobs stored by submits of this engine</td></tr>
 * <tr><td>{@value #REJECTED}</td><td>counter</td><td>type, reason ({@code Saturated}, {@code ShuttingDown})</td>
 *     <td>submits refused (HTTP 503)</td></tr>
 * <tr><td>{@value #OUTCOMES}</td><td>counter</td><td>type, outcome, code</td><td>ends of runs and terminations:
 *     outcome {@code completed}, {@code failed}, {@code timed_out}, {@code terminated}, {@code retry_scheduled},
 *     {@code lease_lost}, {@code released}; code the failure code or {@code none}</td></tr>
 * <tr><td>{@value #QUEUE_WAIT}</td><td>timer</td><td>type</td><td>from due to claim, per attempt</td></tr>
 * <tr><td>{@value #RUN}</td><td>timer</td><td>type, outcome</td><td>from claim to the end of the attempt</td></tr>
 * <tr><td>{@value #STORE_CALLS}</td><td>timer</td><td>operation, outcome ({@code success}, {@code conflict},
 *     {@code failure})</td><td>every store call of the engine</td></tr>
 * <tr><td>{@value #ENGINE_PREFIX}{@code running}, {@code queued}, {@code admitted}, {@code capacity},
 *     {@code workers}, {@code saturation}</td><td>gauges</td><td></td><td>{@link EngineGauges}, after
 *     {@link #bindGauges}</td></tr>
 * </table>
 *
 * <p>The failure code tag takes the codes of {@code JobFailedException}s your handlers throw: keep them a
 * small fixed set. Thread-safe; meters are registered on first use and cached, so an event costs a map
 * lookup and an increment.
 */
public final class AsyncJobsMetrics implements JobListener {

    /** Counter of jobs stored by submits. */
    public static final String SUBMITTED = "asyncapi.jobs.submitted";
    /** Counter of refused submits. */
    public static final String REJECTED = "asyncapi.jobs.rejected";
    /** Counter of the ends of runs and of terminations. */
    public static final String OUTCOMES = "asyncapi.jobs.outcomes";
    /** Timer of the wait from due to claim. */
    public static final String QUEUE_WAIT = "asyncapi.jobs.queue.wait";
    /** Timer of each attempt, from claim to its end. */
    public static final String RUN = "asyncapi.jobs.run";
    /** Timer of store calls. */
    public static final String STORE_CALLS = "asyncapi.store.calls";
    /** Prefix of the engine gauges. */
    public static final String ENGINE_PREFIX = "asyncapi.engine.";

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Map<Key, Meter> meters = new ConcurrentHashMap<>();

    /**
     * Creates the metrics with no tags of their own.
     *
     * @param registry where the meters go
     * @throws NullPointerException if null
     */
    public AsyncJobsMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Creates the metrics with tags added to every meter, for instance to tell two engines of one process
     * apart.
     *
     * @param registry where the meters go
     * @param tags     added to every meter
     * @throws NullPointerException if an argument is null
     */
    public AsyncJobsMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry cannot be null");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags cannot be null"));
    }

    /**
     * Registers the engine's gauges ({@value #ENGINE_PREFIX}{@code running}, {@code queued}, {@code admitted},
     * {@code capacity}, {@code workers}, {@code saturation}), read from {@link AsyncJobs#gauges()} whenever
     * the registry publishes. The gauges hold the engine weakly, as Micrometer gauges do: they read
     * {@code NaN} once it is garbage collected.
     *
     * @param jobs the engine this listener was registered with
     * @return this
     * @throws NullPointerException if null
     */
    public AsyncJobsMetrics bindGauges(AsyncJobs jobs) {
        Objects.requireNonNull(jobs, "jobs cannot be null");
        gauge("running", "runs holding a worker slot", jobs, g -> g.running());
        gauge("queued", "submits waiting for a worker slot", jobs, g -> g.queued());
        gauge("admitted", "running plus queued", jobs, g -> g.admitted());
        gauge("capacity", "the most work admitted at once: workers plus queue capacity", jobs, g -> g.capacity());
        gauge("workers", "the configured cap of runs at once", jobs, g -> g.workers());
        gauge("saturation", "admitted over capacity, 0 to 1", jobs, EngineGauges::saturation);
        return this;
    }

    private void gauge(String name, String description, AsyncJobs jobs, ToDoubleFunction<EngineGauges> value) {
        Gauge.builder(ENGINE_PREFIX + name, jobs, j -> value.applyAsDouble(j.gauges()))
                .description(description).tags(tags).register(registry);
    }

    @Override
    public void onJobEvent(JobEvent event) {
        switch (event.kind()) {
            case SUBMITTED -> counter(SUBMITTED, event.type(), null, null).increment();
            case REJECTED -> counter(REJECTED, event.type(), event.failureCode().orElse(NONE), null).increment();
            case CLAIMED -> event.queueWait().ifPresent(wait -> timer(QUEUE_WAIT, event.type(), null).record(wait));
            case COMPLETED, FAILED, TIMED_OUT, TERMINATED, RETRY_SCHEDULED, LEASE_LOST, RELEASED -> ended(event);
            case STARTED, PROGRESS -> { }
        }
    }

    private void ended(JobEvent event) {
        String outcome = event.kind().name().toLowerCase(Locale.ROOT);
        counter(OUTCOMES, event.type(), outcome, event.failureCode().orElse(NONE)).increment();
        event.runTime().ifPresent(time -> timer(RUN, event.type(), outcome).record(time));
    }

    @Override
    public void onStoreCall(StoreCall call) {
        Timer timer = (Timer) meters.computeIfAbsent(new Key(STORE_CALLS, call.operation(), call.outcome().name(), null),
                k -> Timer.builder(STORE_CALLS).description("calls of the engine to its job store")
                        .tags(tags).tag("operation", call.operation())
                        .tag("outcome", call.outcome().name().toLowerCase(Locale.ROOT)).register(registry));
        timer.record(call.duration());
    }

    private Counter counter(String name, String type, String second, String third) {
        return (Counter) meters.computeIfAbsent(new Key(name, type, second, third), k -> {
            Counter.Builder b = Counter.builder(name).tags(tags).tag("type", type);
            switch (name) {
                case REJECTED -> b.description("submits refused because the engine is saturated or shutting down")
                        .tag("reason", second);
                case OUTCOMES -> b.description("ends of runs and terminations, by outcome and failure code")
                        .tag("outcome", second).tag("code", third);
                default -> b.description("jobs stored by submits of this engine");
            }
            return b.register(registry);
        });
    }

    private Timer timer(String name, String type, String outcome) {
        Function<Key, Meter> create = k -> {
            Timer.Builder b = Timer.builder(name).tags(tags).tag("type", type);
            if (outcome == null) {
                b.description("time from due (submitted, retry delay passed, lease expired) to claim");
            } else {
                b.description("time of one attempt, from claim to its end").tag("outcome", outcome);
            }
            return b.register(registry);
        };
        return (Timer) meters.computeIfAbsent(new Key(name, type, outcome, null), create);
    }

    /** A cached meter: its name and up to three tag values (null when unused). */
    private record Key(String name, String a, String b, String c) {
    }

}
