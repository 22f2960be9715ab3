package dev.asyncapi.spring.boot;

import com.azure.core.credential.TokenCredential;
import dev.asyncapi.core.AsyncJobs;
import dev.asyncapi.opentelemetry.AsyncJobsTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import dev.asyncapi.core.Job;
import dev.asyncapi.core.JobDefinition;
import dev.asyncapi.core.JobEvent;
import dev.asyncapi.core.JobFailure;
import dev.asyncapi.core.JobListener;
import dev.asyncapi.core.JobStatus;
import dev.asyncapi.core.memory.InMemoryJobStore;
import dev.asyncapi.core.spi.JobStore;
import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.OwnerResolver;
import dev.asyncapi.spring.boot.internal.InvalidPropertyFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The auto-configuration in contexts without a server: which beans it makes, and how bad properties fail. */
class AsyncApiAutoConfigurationTest {

    private static final JobDefinition<String, LocalDate> TODAY = JobDefinition.builder("today", String.class,
            LocalDate.class, (input, ctx) -> LocalDate.parse(input)).build();

    private final ApplicationContextRunner engine = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AsyncApiAutoConfiguration.class,
                    AsyncApiHealthAutoConfiguration.class))
            .withBean("today", JobDefinition.class, () -> TODAY);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, AsyncApiAutoConfiguration.class,
                    AsyncApiServletAutoConfiguration.class))
            .withBean("today", JobDefinition.class, () -> TODAY);

    @Test
    void engineWritesOutputsWithSpringsObjectMapper() {
        engine.run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);
            Job done = jobs.await(jobs.submit("today", "2021-08-10").id(), Duration.ofSeconds(30));

            assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(done.outputJson()).hasValue("\"2021-08-10\"");
        });
    }

    @Test
    void withoutSpringsObjectMapperTheSameHandlerFails() {
        // the failure the starter exists to avoid: the engine's own mapper has no Java time module
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncApiAutoConfiguration.class))
                .withBean("today", JobDefinition.class, () -> TODAY)
                .run(context -> {
                    AsyncJobs jobs = context.getBean(AsyncJobs.class);
                    Job done = jobs.await(jobs.submit("today", "2021-08-10").id(), Duration.ofSeconds(30));

                    assertThat(done.status()).isEqualTo(JobStatus.FAILED);
                    assertThat(done.failure()).map(JobFailure::code).hasValue(JobFailure.OUTPUT_NOT_SERIALIZABLE);
                });
    }

    @Test
    void propertiesReachTheEngine() {
        engine.withPropertyValues("asyncapi.worker-id=orders-1", "asyncapi.lease-duration=45s").run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);

            assertThat(jobs.workerId()).isEqualTo("orders-1");
            assertThat(jobs.leaseDuration()).isEqualTo(Duration.ofSeconds(45));
            assertThat(jobs.types()).containsExactly("today");
        });
    }

    @Test
    void submitOnlyTypesWithoutHandlersMakeAClientOnlyEngine() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncApiAutoConfiguration.class, AsyncApiHealthAutoConfiguration.class))
                .withPropertyValues("asyncapi.submit-only.audit-count=java.lang.String")
                .run(context -> {
                    AsyncJobs jobs = context.getBean(AsyncJobs.class);

                    assertThat(jobs.isClientOnly()).isTrue();
                    assertThat(jobs.isRegistered("audit-count")).isTrue();
                    assertThat(jobs.submit("audit-count", "x").status()).isEqualTo(JobStatus.PENDING);
                    assertThat(context.getBean(HealthIndicator.class).health().getDetails())
                            .containsEntry("role", "client-only");
                });
    }

    @Test
    void theApplicationsJobStoreBeanIsUsed() {
        InMemoryJobStore store = new InMemoryJobStore();
        engine.withBean(JobStore.class, () -> store).run(context -> {
            Job job = context.getBean(AsyncJobs.class).submit("today", "2021-08-10");

            assertThat(store.find(job.id())).isPresent();
            assertThat(context.getBean(JobStore.class)).isSameAs(store);
        });
    }

    @Test
    void healthIsUpWithTheMemoryStore() {
        engine.run(context -> assertThat(context.getBean(HealthIndicator.class).health().getStatus())
                .isEqualTo(Status.UP));
    }

    @Test
    void healthIsOutOfServiceWhileAdmissionIsSaturated() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AsyncApiAutoConfiguration.class, AsyncApiHealthAutoConfiguration.class))
                .withBean("hold", JobDefinition.class, () -> JobDefinition.builder("hold", String.class, String.class,
                        (input, ctx) -> {
                            started.countDown();
                            release.await();
                            return input;
                        }).build())
                .withPropertyValues("asyncapi.workers=1", "asyncapi.queue-capacity=0")
                .run(context -> {
                    AsyncJobs jobs = context.getBean(AsyncJobs.class);
                    HealthIndicator health = context.getBean(HealthIndicator.class);
                    String id = jobs.submit("hold", "x").id();
                    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

                    Health saturated = health.health();
                    assertThat(saturated.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(saturated.getDetails()).containsEntry("running", 1).containsEntry("saturation", 1.0)
                            .containsEntry("store", "reachable");

                    release.countDown();
                    assertThat(jobs.await(id, Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.COMPLETED);
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
                });
    }

    @Test
    void jobListenerBeansHearTheEngine() {
        List<String> heard = new CopyOnWriteArrayList<>();
        JobListener listener = new JobListener() {
            @Override
            public void onJobEvent(JobEvent event) {
                event.jobId().ifPresent(heard::add);
            }
        };
        engine.withBean(JobListener.class, () -> listener).run(context -> {
            AsyncJobs jobs = context.getBean(AsyncJobs.class);
            String id = jobs.submit("today", "2021-08-10").id();
            jobs.await(id, Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(30)).until(() -> heard.contains(id));
        });
    }

    @Test
    void runsAreTracedWithTheApplicationsOpenTelemetry() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        engine.withConfiguration(AutoConfigurations.of(AsyncApiTracingAutoConfiguration.class))
                .withBean(OpenTelemetry.class, () -> openTelemetry)
                .run(context -> {
                    AsyncJobs jobs = context.getBean(AsyncJobs.class);
                    String id = jobs.submit("today", "2021-08-10").id();
                    assertThat(jobs.await(id, Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.COMPLETED);

                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                            .anySatisfy(span -> assertThat(span.getAttributes().get(
                                    AttributeKey.stringKey(AsyncJobsTracing.JOB_ID))).isEqualTo(id)));
                });
        openTelemetry.close();
    }

    @Test
    void disabledMakesNoEngine() {
        engine.withPropertyValues("asyncapi.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AsyncJobs.class));
    }

    @Test
    void webApplicationGetsTheFilterWithAsyncSupport() {
        web.run(context -> {
            assertThat(context.getBean(AsyncJobsHttp.class).basePath()).isEqualTo("/jobs");
            FilterRegistrationBean<?> registration = context.getBean("asyncJobsFilterRegistration",
                    FilterRegistrationBean.class);
            assertThat(registration.isAsyncSupported()).isTrue();
            assertThat(registration.getUrlPatterns()).containsExactly("/*");
        });
    }

    @Test
    void customizersAndTheOwnerResolverBeanReachTheBuilders() {
        OwnerResolver tenant = request -> request.getHeader("X-Tenant");
        web.withBean(OwnerResolver.class, () -> tenant)
                .withBean(AsyncJobsBuilderCustomizer.class, () -> builder -> builder.register(
                        JobDefinition.builder("extra", String.class, String.class, (input, ctx) -> input).build()))
                .withBean(AsyncJobsHttpCustomizer.class, () -> http -> http.eventHeartbeat(Duration.ofSeconds(5)))
                .run(context -> {
                    AsyncJobsHttp http = context.getBean(AsyncJobsHttp.class);

                    assertThat(context.getBean(AsyncJobs.class).types()).containsExactly("today", "extra");
                    assertThat(http.ownerResolver()).isSameAs(tenant);
                    assertThat(http.eventHeartbeat()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @Test
    void submitOnlyTypeThatABeanRunsNamesTheProperty() {
        engine.withPropertyValues("asyncapi.submit-only.today=java.lang.String").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.submit-only.today")
                        .contains("already registered"));
    }

    @Test
    void managementWithItsRoleIsServed() {
        web.withPropertyValues("asyncapi.http.management.enabled=true", "asyncapi.http.management.role=JOBS_ADMIN")
                .run(context -> assertThat(context.getBean(AsyncJobsHttp.class).managementRole()).hasValue("JOBS_ADMIN"));
    }

    // --- property errors name the property

    @Test
    void workersBelowOneNamesTheProperty() {
        engine.withPropertyValues("asyncapi.workers=0").run(context -> assertThat(failure(context.getStartupFailure()))
                .contains("asyncapi.workers='0'").contains("workers must be at least 1, but was 0"));
    }

    @Test
    void leaseTooShortNamesTheProperty() {
        engine.withPropertyValues("asyncapi.lease-duration=5ms").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.lease-duration='PT0.005S'")
                        .contains("at least PT0.1S"));
    }

    @Test
    void retentionAndKeepForeverTogetherNameTheProperty() {
        engine.withPropertyValues("asyncapi.retention=1h", "asyncapi.keep-jobs-forever=true").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.retention")
                        .contains("not both"));
    }

    @Test
    void noJobTypeAtAllSaysHowToDeclareOne() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AsyncApiAutoConfiguration.class))
                .run(context -> assertThat(failure(context.getStartupFailure()))
                        .contains("asyncapi.submit-only").contains("JobDefinition bean"));
    }

    @Test
    void malformedBasePathNamesTheProperty() {
        web.withPropertyValues("asyncapi.http.base-path=jobs/").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.http.base-path='jobs/'"));
    }

    @Test
    void managementWithoutRoleNamesTheRoleProperty() {
        web.withPropertyValues("asyncapi.http.management.enabled=true").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.http.management.role"));
    }

    @Test
    void azureTablesWithoutConnectionNamesTheProperty() {
        engine.withPropertyValues("asyncapi.store.type=azure-tables").run(context ->
                assertThat(failure(context.getStartupFailure()))
                        .contains("asyncapi.store.azure-tables.connection-string"));
    }

    @Test
    void azureTablesEndpointWithoutCredentialBeanNamesTheProperty() {
        engine.withPropertyValues("asyncapi.store.type=azure-tables",
                "asyncapi.store.azure-tables.endpoint=https://account.table.core.windows.net").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.store.azure-tables.endpoint")
                        .contains("TokenCredential"));
    }

    @Test
    void azureTablesEndpointAuthenticatesWithTheApplicationsTokenCredential() {
        AtomicInteger tokensAsked = new AtomicInteger();
        TokenCredential credential = request -> {
            tokensAsked.incrementAndGet();
            // refusing the token ends the store's first call before any connection is opened
            return Mono.error(new IllegalStateException("no token in this test"));
        };
        engine.withBean(TokenCredential.class, () -> credential)
                .withPropertyValues("asyncapi.store.type=azure-tables",
                        "asyncapi.store.azure-tables.endpoint=https://127.0.0.1:1/devstoreaccount1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(tokensAsked.get()).isPositive();
                });
    }

    @Test
    void refusedConnectionStringIsNeverShown() {
        engine.withPropertyValues("asyncapi.store.type=azure-tables",
                "asyncapi.store.azure-tables.connection-string= ").run(context -> {
            String message = failure(context.getStartupFailure());
            assertThat(message).contains("asyncapi.store.azure-tables.connection-string").contains("not shown");
        });
    }

    @Test
    void postgresWithoutDataSourceNamesTheStoreType() {
        engine.withPropertyValues("asyncapi.store.type=postgres").run(context ->
                assertThat(failure(context.getStartupFailure())).contains("asyncapi.store.type")
                        .contains("DataSource"));
    }

    @Test
    void unknownStoreTypeIsABindingErrorNamingTheProperty() {
        engine.withPropertyValues("asyncapi.store.type=cassandra").run(context ->
                assertThat(allMessages(context.getStartupFailure())).contains("asyncapi.store.type")
                        .contains("cassandra"));
    }

    @Test
    void failureReportNamesThePropertyAndWhereToFixIt() {
        engine.withPropertyValues("asyncapi.queue-capacity=-1").run(context -> {
            FailureAnalysis analysis = new InvalidPropertyFailureAnalyzer().analyze(context.getStartupFailure());

            assertThat(analysis.getDescription()).isEqualTo(
                    "Invalid property asyncapi.queue-capacity='-1': queueCapacity must be at least 0, but was -1");
            assertThat(analysis.getAction()).contains("asyncapi.queue-capacity");
        });
    }

    /** The message of the {@link InvalidAsyncApiPropertyException} in a startup failure's causes. */
    private static String failure(Throwable startupFailure) {
        for (Throwable t = startupFailure; t != null; t = t.getCause()) {
            if (t instanceof InvalidAsyncApiPropertyException e) {
                return e.getMessage();
            }
        }
        throw new AssertionError("no InvalidAsyncApiPropertyException in " + startupFailure, startupFailure);
    }

    private static String allMessages(Throwable startupFailure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = startupFailure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
