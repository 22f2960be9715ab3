package dev.asyncapi.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A job type: its name, the classes its input and output bind to, its handler, timeout and retry
 * policy. Registered with {@link AsyncJobs.Builder#register(JobDefinition)}.
 *
 * <p>Type names are 1 to 64 characters of {@code A-Z a-z 0-9 . - _}, so they fit URLs and store keys.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class JobDefinition<I, O> {

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String type;
    private final Class<I> inputType;
    private final Class<O> outputType;
    private final JobHandler<I, O> handler;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final boolean acceptsNullInput;

    private JobDefinition(Builder<I, O> b) {
        this.type = b.type;
        this.inputType = b.inputType;
        this.outputType = b.outputType;
        this.handler = b.handler;
        this.timeout = b.timeout;
        this.retryPolicy = b.retryPolicy;
        this.acceptsNullInput = b.acceptsNullInput;
    }

    /**
     * Starts a definition.
     *
     * @param type       the type name
     * @param inputType  the class the JSON input binds to
     * @param outputType the class of the handler's output
     * @param handler    the work
     * @param <I>        the input type
     * @param <O>        the output type
     * @return a builder with no timeout and {@link RetryPolicy#none()}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code type} is not a valid type name
     */
    public static <I, O> Builder<I, O> builder(String type, Class<I> inputType, Class<O> outputType,
                                               JobHandler<I, O> handler) {
        return new Builder<>(type, inputType, outputType, handler);
    }

    /**
     * Tells whether {@code type} is a valid type name.
     *
     * @param type a candidate name; may be null
     * @return {@code true} if it is 1 to 64 characters of {@code A-Z a-z 0-9 . - _}
     */
    public static boolean isValidTypeName(String type) {
        return type != null && TYPE_NAME.matcher(type).matches();
    }

    /** @return the type name */
    public String type() {
        return type;
    }

    /** @return the class the input binds to */
    public Class<I> inputType() {
        return inputType;
    }

    /** @return the class of the output */
    public Class<O> outputType() {
        return outputType;
    }

    /** @return the handler */
    public JobHandler<I, O> handler() {
        return handler;
    }

    /** @return how long one attempt may run before it fails with {@value JobFailure#TIMED_OUT}; empty for no limit */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the retry policy */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * Tells whether a JSON {@code null} input is submitted as is (the handler then receives
     * {@code null}) rather than refused.
     *
     * @return {@code true} if set with {@link Builder#acceptsNullInput()}; {@code false} by default
     */
    public boolean acceptsNullInput() {
        return acceptsNullInput;
    }

    @Override
    public String toString() {
        return "JobDefinition[type=" + type + ", input=" + inputType.getName() + ", output="
                + outputType.getName() + ", timeout=" + timeout + ", " + retryPolicy
                + (acceptsNullInput ? ", acceptsNullInput" : "") + "]";
    }

    /**
     * Builds a {@link JobDefinition}. Not thread-safe.
     *
     * @param <I> the input type
     * @param <O> the output type
     */
    public static final class Builder<I, O> {
        private final String type;
        private final Class<I> inputType;
        private final Class<O> outputType;
        private final JobHandler<I, O> handler;
        private Duration timeout;
        private RetryPolicy retryPolicy = RetryPolicy.none();
        private boolean acceptsNullInput;

        private Builder(String type, Class<I> inputType, Class<O> outputType, JobHandler<I, O> handler) {
            Objects.requireNonNull(type, "type cannot be null");
            if (!isValidTypeName(type)) {
                throw new IllegalArgumentException(
                        "job type must be 1 to 64 characters of A-Z a-z 0-9 . - _, but was: " + JobIds.abbreviate(type));
            }
            this.type = type;
            this.inputType = Objects.requireNonNull(inputType, "inputType cannot be null");
            this.outputType = Objects.requireNonNull(outputType, "outputType cannot be null");
            this.handler = Objects.requireNonNull(handler, "handler cannot be null");
        }

        /**
         * Limits how long one attempt may run. At the limit the handler's thread is interrupted and the
         * job fails with {@value JobFailure#TIMED_OUT}; timeouts are not retried.
         *
         * @param timeout positive; default none
         * @return this builder
         * @throws NullPointerException     if null
         * @throws IllegalArgumentException if not positive
         */
        public Builder<I, O> timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout cannot be null");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets the retry policy.
         *
         * @param retryPolicy the policy; default {@link RetryPolicy#none()}
         * @return this builder
         * @throws NullPointerException if null
         */
        public Builder<I, O> retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy cannot be null");
            return this;
        }

        /**
         * Lets submits pass a JSON {@code null} input (or a {@code null} value) on to the handler. By
         * default such a submit is refused with {@link InvalidJobInputException}, so a handler never
         * receives {@code null} unless its type declares it here.
         *
         * @return this builder
         */
        public Builder<I, O> acceptsNullInput() {
            this.acceptsNullInput = true;
            return this;
        }

        /**
         * Builds the definition.
         *
         * @return a new immutable definition
         */
        public JobDefinition<I, O> build() {
            return new JobDefinition<>(this);
        }
    }
}
