/**
 * Durable, signed completion webhooks: a caller that submits a job with a callback URL (the {@code Callback-URL}
 * header over HTTP, {@link dev.asyncapi.core.SubmitOptions.Builder#callbackUrl} in Java) gets the job's end POSTed
 * to that URL instead of polling for it. Start with {@link dev.asyncapi.webhooks.Webhooks#builder()}: the signing
 * secret, the allow-list of destination origins and the status URL the events carry are required. Then
 * {@link dev.asyncapi.webhooks.Webhooks#start start} a {@link dev.asyncapi.webhooks.WebhookDeliverer} on the job
 * store and build the engine on the deliverer's {@link dev.asyncapi.webhooks.WebhookDeliverer#store() store}, so
 * the jobs it ends are sent at once. The pending delivery is recorded in the job store with the job's terminal
 * state, so it works on any store ({@code InMemoryJobStore}, the {@code asyncapi-postgres} and
 * {@code asyncapi-azure-tables} modules' stores) and survives the instance that ended the job. The
 * {@code asyncapi-servlet} module's {@code AsyncJobsHttp} accepts {@code Callback-URL} only when given
 * {@link dev.asyncapi.webhooks.Webhooks#checkDestination} as its callback policy.
 *
 * <p>Enabling completion webhooks on an engine served over HTTP ({@code store} is the service's job store):
 *
 * <!-- snippet: webhooks-enable-callbacks -->
 * <pre>{@code
 * Webhooks webhooks = Webhooks.builder()
 *         .signingSecret(signingSecret) // whsec_ and base64: the receivers verify with it
 *         .allowOrigin(receiverOrigin) // the allow-list, e.g. https://hooks.example.com
 *         .allowHttp().allowLoopback() // a receiver on this machine: tests only
 *         .statusUrl("https://api.example.com/jobs/{id}")
 *         .build();
 * WebhookDeliverer deliverer = webhooks.start(store);
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .store(deliverer.store())
 *         .register("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *         .build();
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
 *         .callbacks(webhooks::checkDestination)
 *         .build();
 * }</pre>
 *
 * <p>Defaults and guarantees:
 * <ul>
 * <li>Off unless built: a service without {@link dev.asyncapi.webhooks.Webhooks} sends nothing, and its HTTP layer
 *     refuses callback requests. Each builder setting may be made once;
 *     {@link dev.asyncapi.webhooks.Webhooks.Builder#build()} checks that they fit together.</li>
 * <li>Destinations: {@code https} only (unless {@link dev.asyncapi.webhooks.Webhooks.Builder#allowHttp()}), an
 *     origin on the allow-list, and a host that resolves only to public addresses (no loopback, private,
 *     link-local or metadata address). Checked at submit, where a refusal is a {@code 400} problem and stores no
 *     job, and again before each attempt, which connects only to the addresses just checked.</li>
 * <li>Events are small JSON ({@code type}, {@code timestamp}, {@code data: {id, status, statusUri}}), never the
 *     job's input; the result only with {@link dev.asyncapi.webhooks.Webhooks.Builder#includeResult}. They are
 *     signed per Standard Webhooks (HMAC-SHA256); {@code webhook-id} is the same on every attempt of one job.</li>
 * <li>Delivery is at least once: a receiver must accept a repeated {@code webhook-id}. A 2xx answer ends it;
 *     anything else (redirects are never followed) is retried with a backoff from 5 s doubling to 1 h, for 24 h
 *     after the job's end ({@link dev.asyncapi.webhooks.Webhooks.Builder#retryFor}).</li>
 * <li>Each attempt waits 5 s for a connection and 10 s for the answer; a deliverer sends 4 at once and asks the
 *     store for due deliveries every 5 s. The constants of {@link dev.asyncapi.webhooks.Webhooks} name every
 *     default.</li>
 * <li>Any number of instances may run a deliverer against one store: others leave a delivery to the instance
 *     that ended its job for 30 s ({@link dev.asyncapi.webhooks.Webhooks.Builder#handoffDelay}), then any of them
 *     sends it.</li>
 * <li>{@link dev.asyncapi.webhooks.Webhooks} is immutable and thread-safe, as is the deliverer. Close the engine,
 *     then the deliverer; closing the deliverer leaves the store open.</li>
 * </ul>
 *
 * <p>See also: {@link dev.asyncapi.core.JobCallback}, the delivery state a job carries, and
 * {@link dev.asyncapi.webhooks.AddressResolver}, the name-resolution hook.
 */
package dev.asyncapi.webhooks;
