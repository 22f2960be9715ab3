package dev.asyncapi.webhooks.internal;

import dev.asyncapi.webhooks.AddressResolver;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The validated settings of a deliverer, as {@code Webhooks.Builder} collected them.
 *
 * @param secret          the HMAC key (decoded from its {@code whsec_} form)
 * @param origins         the allowed destination origins
 * @param allowHttp       whether plain {@code http} destinations are accepted
 * @param allowLoopback   whether loopback addresses are accepted (tests and local development only)
 * @param resolver        resolves destination hosts
 * @param statusUrl       the status URL template, {@code {id}} standing for the job id
 * @param includeResult   whether a Completed job's output goes into the event
 * @param retryFor        how long after the job's end attempts go on
 * @param initialBackoff  the wait after the first failed attempt, doubled after each further one
 * @param maxBackoff      the longest wait between attempts
 * @param connectTimeout  the longest wait for a connection
 * @param responseTimeout the longest wait for the receiver's answer
 * @param pollInterval    how often the store is asked for due deliveries
 * @param handoffDelay    how long other instances leave a fresh delivery to the instance that ended the job
 * @param concurrency     how many deliveries one deliverer sends at once
 * @param batchSize       the most due deliveries read per poll
 * @param clock           the clock
 */
public record DeliverySettings(byte[] secret, List<Origins.Origin> origins, boolean allowHttp, boolean allowLoopback,
                               AddressResolver resolver, String statusUrl, boolean includeResult, Duration retryFor,
                               Duration initialBackoff, Duration maxBackoff, Duration connectTimeout,
                               Duration responseTimeout, Duration pollInterval, Duration handoffDelay, int concurrency,
                               int batchSize, Clock clock) {
}
