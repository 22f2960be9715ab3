/**
 * Spring Boot auto-configuration of asyncapi: add {@code dev.asyncapi:asyncapi-spring-boot-starter}, declare each
 * job type the service runs as a {@link dev.asyncapi.core.JobDefinition} bean, set the {@code asyncapi.*}
 * properties ({@link dev.asyncapi.spring.boot.AsyncApiProperties}), and the application gets a running
 * {@link dev.asyncapi.core.AsyncJobs} engine on the configured store
 * ({@link dev.asyncapi.spring.boot.AsyncApiAutoConfiguration}), the HTTP contract of the {@code asyncapi-servlet}
 * module's {@link dev.asyncapi.servlet.AsyncJobsHttp} mounted as a servlet filter
 * ({@link dev.asyncapi.spring.boot.AsyncApiServletAutoConfiguration}), and, when their modules are on the class
 * path, the actuator health indicator ({@link dev.asyncapi.spring.boot.AsyncApiHealthAutoConfiguration}), the
 * {@code asyncapi-micrometer} metrics ({@link dev.asyncapi.spring.boot.AsyncApiMetricsAutoConfiguration}) and the
 * {@code asyncapi-opentelemetry} traces ({@link dev.asyncapi.spring.boot.AsyncApiTracingAutoConfiguration}). Every
 * bean backs off when the application defines its own; settings without a property go through an
 * {@link dev.asyncapi.spring.boot.AsyncJobsBuilderCustomizer} or
 * {@link dev.asyncapi.spring.boot.AsyncJobsHttpCustomizer} bean. Inject {@code AsyncJobs} to submit, await or query jobs from your own code. The package
 * {@code dev.asyncapi.spring.boot.internal} is not API.
 *
 * <p>A job type is a {@code JobDefinition} bean; the engine runs every one it finds:
 *
 * <!-- snippet: spring-boot-job-definition -->
 * <pre>{@code
 * @SpringBootApplication
 * public class GreetingApplication {
 *
 *     @Bean
 *     JobDefinition<String, String> greet() {
 *         return JobDefinition.builder("greet", String.class, String.class, (name, ctx) -> "Hello, " + name)
 *                 .timeout(Duration.ofMinutes(1))
 *                 .build();
 *     }
 * }
 * }</pre>
 *
 * <p>The properties, here given to {@code SpringApplicationBuilder}; the same keys go in
 * {@code application.properties} or {@code application.yml}:
 *
 * <!-- snippet: spring-boot-properties -->
 * <pre>{@code
 * ConfigurableApplicationContext context = new SpringApplicationBuilder(GreetingApplication.class)
 *         .properties(
 *                 "asyncapi.store.type=memory", // or postgres, azure-tables
 *                 "asyncapi.workers=4",
 *                 "asyncapi.retention=7d",
 *                 "asyncapi.http.base-path=/api/jobs")
 *         .run(args);
 * }</pre>
 *
 * <p>{@code POST /api/jobs/greet} with the JSON body {@code "Ada"} then answers {@code 202} with the job's status
 * URL, as the {@code asyncapi-servlet} module describes.
 *
 * <p>Defaults and guarantees:
 * <ul>
 * <li>{@code asyncapi.store.type}: {@code memory} by default (one process, lost at restart); {@code postgres} on the
 *     application's {@code DataSource} bean, set with {@code asyncapi.store.postgres.*}; {@code azure-tables} with
 *     {@code asyncapi.store.azure-tables.connection-string}, or {@code asyncapi.store.azure-tables.endpoint} and
 *     the application's {@code TokenCredential} bean. The store's module must be a dependency of the application. A
 *     {@link dev.asyncapi.core.spi.JobStore} bean of the application's own is used instead.</li>
 * <li>A property left unset keeps the library's default, quoted on each getter of
 *     {@link dev.asyncapi.spring.boot.AsyncApiProperties}: {@link dev.asyncapi.core.AsyncJobs#defaultWorkers()}
 *     workers, a 30 s lease, terminal jobs kept 1 day, 30 s for running jobs to finish at shutdown; routes under
 *     {@code /jobs}; management off.</li>
 * <li>Every property is checked at start-up: a refused value stops the application with an
 *     {@link dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException} that names the property, its value (never a
 *     secret's) and the rule it broke.</li>
 * <li>Inputs and outputs are bound with Spring's {@code ObjectMapper}, so handlers take and return what the
 *     application's Jackson setup reads and writes ({@code LocalDate}, say).</li>
 * <li>With no {@code JobDefinition} bean but {@code asyncapi.submit-only.<type>=<input class>} entries, the engine
 *     is client-only: it submits the types other services run.</li>
 * <li>The engine starts with the context and closes before the web server's graceful shutdown: running jobs get
 *     {@code asyncapi.shutdown-timeout}, then are released to another instance.</li>
 * <li>The servlet filter sits at order 0, after Spring Security's filter chain, so a job's owner is the
 *     authenticated principal. {@code asyncapi.http.enabled=false} leaves it out; {@code asyncapi.enabled=false}
 *     switches the whole auto-configuration off.</li>
 * </ul>
 *
 * <p>See also: {@link dev.asyncapi.core.AsyncJobs} for the engine's defaults and guarantees,
 * {@link dev.asyncapi.postgres.PostgresJobStore} and {@link dev.asyncapi.azure.tables.AzureTableJobStore} for the
 * stores, {@link dev.asyncapi.micrometer.AsyncJobsMetrics} and {@link dev.asyncapi.opentelemetry.AsyncJobsTracing}.
 */
package dev.asyncapi.spring.boot;
