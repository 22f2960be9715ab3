package dev.asyncapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Runs one logical request under a {@link RetryPolicy}: an attempt that fails with an {@link IOException} is
 * repeated after a backoff, one answered {@code 503} after the longer of the backoff and its
 * {@code Retry-After}; anything else ends the call. Completing (or cancelling) the returned future cancels the
 * attempt in flight and starts no other.
 */
final class Retries {

    /** A {@code 503} answer: retried while the policy allows, then a {@link ServiceUnavailableException}. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final transient Answer answer;

        Unavailable(Answer answer) {
            super(answer.request() + " answered 503", null, false, false);
            this.answer = answer;
        }
    }

    /**
     * How many attempts in a row have failed; a long-lived call (an event stream) resets it whenever it makes
     * progress, so only failures in a row count against the policy.
     */
    static final class Budget {
        private volatile int failed;

        void reset() {
            failed = 0;
        }

        int failed() {
            return failed;
        }

        int fail() {
            return ++failed;
        }
    }

    private Retries() {
    }

    /**
     * Runs {@code attempt} (given the attempt number, from 1) until it succeeds, fails for good, or the policy
     * gives up. Stops before a new attempt once {@code owner} is done.
     */
    static <T> CompletableFuture<T> run(RetryPolicy policy, ObjectMapper mapper, String request, Budget budget,
                                        CompletableFuture<?> owner, IntFunction<CompletableFuture<T>> attempt) {
        Call<T> call = new Call<>(policy, mapper, request, budget, owner, attempt);
        call.next(1);
        return call.result;
    }

    private static final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final RetryPolicy policy;
        private final ObjectMapper mapper;
        private final String request;
        private final Budget budget;
        private final CompletableFuture<?> owner;
        private final IntFunction<CompletableFuture<T>> attempt;
        private final AtomicReference<CompletableFuture<T>> current = new AtomicReference<>();

        Call(RetryPolicy policy, ObjectMapper mapper, String request, Budget budget, CompletableFuture<?> owner,
             IntFunction<CompletableFuture<T>> attempt) {
            this.policy = policy;
            this.mapper = mapper;
            this.request = request;
            this.budget = budget;
            this.owner = owner;
            this.attempt = attempt;
            result.whenComplete((value, failure) -> {
                CompletableFuture<T> inFlight = current.get();
                if (inFlight != null) {
                    inFlight.cancel(true);
                }
            });
        }

        void next(int number) {
            if (result.isDone()) {
                return;
            }
            if (number > 1 && owner != null && owner.isDone()) {
                result.completeExceptionally(new CancellationException("abandoned before attempt " + number));
                return;
            }
            CompletableFuture<T> future;
            try {
                future = attempt.apply(number);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            current.set(future);
            if (result.isDone()) {
                future.cancel(true);
                return;
            }
            future.whenComplete((value, failure) -> settle(number, value, failure));
        }

        private void settle(int number, T value, Throwable failure) {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof Unavailable unavailable) {
                int failed = budget.fail();
                Optional<Duration> asked = unavailable.answer.retryAfter();
                Optional<Duration> delay = policy.delayAfter(failed, asked);
                if (delay.isEmpty()) {
                    result.completeExceptionally(Problems.exception(unavailable.answer, mapper, failed));
                } else {
                    retry(number + 1, delay.get());
                }
            } else if (cause instanceof IOException) {
                int failed = budget.fail();
                Optional<Duration> delay = policy.delayAfter(failed, Optional.empty());
                if (delay.isEmpty()) {
                    result.completeExceptionally(new TransportException(request, failed, cause));
                } else {
                    retry(number + 1, delay.get());
                }
            } else {
                result.completeExceptionally(cause);
            }
        }

        private void retry(int number, Duration delay) {
            if (delay.isZero()) {
                next(number);
            } else {
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(() -> next(number));
            }
        }
    }

    /** The exception under {@link CompletionException} and {@link ExecutionException} wrappers. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
