/**
 * The HTTP contract of the asynchronous request-reply pattern on Jakarta Servlet 6: submit a job and get
 * {@code 202 Accepted} with a status URL at once, then poll, long-poll or stream the job's status and read its
 * result. Start at {@link AsyncJobsHttp#builder(dev.asyncapi.core.AsyncJobs)}: it serves a
 * {@link dev.asyncapi.core.AsyncJobs} engine (module {@code asyncapi-core}) under a base path, plus any custom
 * {@link Route}s, and is mounted as the {@link AsyncJobsFilter} (requests it does not serve pass down the chain) or
 * the {@link AsyncJobsServlet} (it answers {@code 404} to the rest). The engine's store decides where jobs live and
 * which instances run them; the {@code asyncapi-client} module's {@code AsyncJobsClient} is the Java client of this
 * contract, and the {@code asyncapi-spring-boot-starter} module registers the filter in a Spring Boot application.
 *
 * <p>Custom routes keep a service's own URLs and bodies: a {@link RequestMapper} decides what a matching request
 * means (a {@link RouteAction}: submit, status, result, terminate, a validation answer, or decline) and a
 * {@link ResponseRenderer} shapes the answers. Mounting the filter on an embedded Jetty 12 (ee10) {@code server},
 * with a custom route that validates its path variable before it submits:
 *
 * <!-- snippet: servlet-mount-filter -->
 * <pre>{@code
 * AsyncJobs jobs = AsyncJobs.builder()
 *         .register("greet", Greeting.class, Greeted.class, (in, ctx) -> new Greeted("Hello, " + in.name()))
 *         .build();
 * AsyncJobsHttp http = AsyncJobsHttp.builder(jobs)
 *         .route("POST", "/api/greetings/{name}", request -> {
 *             String name = request.pathVariable("name");
 *             return name.length() <= 40
 *                     ? RouteAction.submit("greet", new Greeting(name))
 *                     : RouteAction.reject(400, "{\"error\": \"name too long\"}");
 *         }, ResponseRenderer.standard())
 *         .build();
 *
 * ServletContextHandler context = new ServletContextHandler();
 * FilterHolder filter = new FilterHolder(new AsyncJobsFilter(http));
 * filter.setAsyncSupported(true);
 * context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
 * server.setHandler(context);
 * server.start();
 * }</pre>
 *
 * <p>Then {@code POST /api/greetings/Ada} answers {@code 202} with a {@code Location} at {@code /jobs/{id}}, and
 * the default routes serve the rest: {@code POST /jobs/{type}} submits a JSON body, {@code GET /jobs/{id}} reads
 * the status ({@code ?wait=N} long-polls, {@code Accept: text/event-stream} streams it),
 * {@code GET /jobs/{id}/result} reads the output and {@code DELETE /jobs/{id}} requests termination.
 *
 * <h2>Defaults and guarantees</h2>
 * <ul>
 *   <li><b>Threads.</b> {@link AsyncJobsHttp} and {@link Route} are immutable; the filter and the servlet are
 *       thread-safe. Long polls, {@code Prefer: wait}, event streams and body reads hold no container thread while
 *       they wait, so the filter or servlet must be registered with async support on. Neither closes the
 *       engine.</li>
 *   <li><b>Limits.</b> Base path {@value AsyncJobsHttp#DEFAULT_BASE_PATH}; bodies up to 1 MiB, else {@code 413}
 *       ({@link AsyncJobsHttp.Builder#maxBodyBytes}) and sent within 30 s, else {@code 408}
 *       ({@link AsyncJobsHttp.Builder#bodyTimeout}); {@code ?wait=N} and {@code Prefer: wait=N} capped at 60 s
 *       ({@link AsyncJobsHttp.Builder#maxWait}); {@code Retry-After: 2} while a job is not terminal
 *       ({@link AsyncJobsHttp.Builder#retryAfter}); an idle event stream gets a comment every 15 s
 *       ({@link AsyncJobsHttp.Builder#eventHeartbeat}).</li>
 *   <li><b>Owners.</b> A job belongs to the principal that submitted it
 *       ({@link OwnerResolver#principalOrAnonymous()} by default); another principal's job, an unknown id and a
 *       malformed id get the same {@code 404}.</li>
 *   <li><b>Submits.</b> The same {@code Idempotency-Key} and payload from the same principal return the same job;
 *       the same key with another payload is {@code 422}. {@code Prefer: respond-async, wait=N} answers
 *       {@code 200} with the result if the job ends within the wait.</li>
 *   <li><b>Errors.</b> Every error is an RFC 9457 {@code application/problem+json} answer whose {@code type} is a
 *       stable {@link ProblemType} URI; an engine that is saturated, shutting down or whose store is unreachable
 *       answers {@code 503} with {@code Retry-After}; server faults are logged and answered {@code 500} without
 *       details.</li>
 *   <li><b>Off unless enabled.</b> Management routes and the operator dashboard
 *       ({@link AsyncJobsHttp.Builder#enableManagement}, {@link AsyncJobsHttp.Builder#enableDashboard()}), completion
 *       callbacks ({@link AsyncJobsHttp.Builder#callbacks}), trusting forwarded headers
 *       ({@link AsyncJobsHttp.Builder#trustForwardedHeaders}) and a fixed public base URI
 *       ({@link AsyncJobsHttp.Builder#publicBaseUri}).</li>
 *   <li><b>Validation.</b> Each builder setting is checked when it is made and may be made once
 *       ({@link IllegalStateException} otherwise); {@code build()} refuses contradictory combinations. With the
 *       no-argument constructors, the {@code PARAM_*} init-params of {@link AsyncJobsHttp} are checked in
 *       {@code init} and a bad one fails it with a {@link jakarta.servlet.ServletException}.</li>
 * </ul>
 *
 * <h2>See also</h2>
 * <ul>
 *   <li>{@link dev.asyncapi.core}: the engine served here, its job model and defaults.</li>
 *   <li>{@link ResponseRenderer#azureLongRunningOperation()} and {@link ResponseRenderer#seeOtherWhenCompleted()}:
 *       the interoperability profiles of the default routes.</li>
 *   <li>The {@code dev.asyncapi.client} package (module {@code asyncapi-client}): a Java client of these
 *       routes.</li>
 * </ul>
 */
package dev.asyncapi.servlet;
