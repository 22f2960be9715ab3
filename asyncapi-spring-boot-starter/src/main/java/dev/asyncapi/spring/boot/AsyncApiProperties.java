package dev.asyncapi.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code asyncapi.*} settings of the Spring Boot auto-configuration. Every setting left unset keeps the
 * library's default, quoted on each getter; every setting is checked when the engine is built, and a bad value
 * stops the application with a message naming the property, its value and the rule it broke.
 *
 * <p>Bound by Spring Boot; not meant to be built by hand. Mutable, like every JavaBean Spring binds; read it once
 * at start-up.
 */
@ConfigurationProperties(prefix = AsyncApiProperties.PREFIX)
public class AsyncApiProperties {

    /** The prefix of every property: {@value}. */
    public static final String PREFIX = "asyncapi";

    private boolean enabled = true;
    private Integer workers;
    private Integer queueCapacity;
    private Duration leaseDuration;
    private Duration sweepInterval;
    private Duration retention;
    private boolean keepJobsForever;
    private Duration shutdownTimeout;
    private String workerId;
    private Map<String, Class<?>> submitOnly = new LinkedHashMap<>();
    private final Store store = new Store();
    private final Http http = new Http();

    /** Creates the settings with every default; Spring Boot calls this. */
    public AsyncApiProperties() {
    }

    /** @return whether the auto-configuration builds an engine at all; default {@code true} */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled {@code false} to switch the whole auto-configuration off */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return {@code asyncapi.workers}: jobs run at once; unset means {@code AsyncJobs.defaultWorkers()} */
    public Integer getWorkers() {
        return workers;
    }

    /** @param workers at least 1 */
    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    /** @return {@code asyncapi.queue-capacity}: submits that may wait for a worker; unset means 1000 */
    public Integer getQueueCapacity() {
        return queueCapacity;
    }

    /** @param queueCapacity at least 0 */
    public void setQueueCapacity(Integer queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** @return {@code asyncapi.lease-duration}: the lease of a running job; unset means 30 s */
    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    /** @param leaseDuration at least 100 ms */
    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    /** @return {@code asyncapi.sweep-interval}: how often due work is claimed from the store; unset means 1 s */
    public Duration getSweepInterval() {
        return sweepInterval;
    }

    /** @param sweepInterval at least 10 ms */
    public void setSweepInterval(Duration sweepInterval) {
        this.sweepInterval = sweepInterval;
    }

    /** @return {@code asyncapi.retention}: how long terminal jobs are kept; unset means 1 day */
    public Duration getRetention() {
        return retention;
    }

    /** @param retention at least 1 s; not together with {@code keep-jobs-forever} */
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    /** @return {@code asyncapi.keep-jobs-forever}: no background purge; default {@code false} */
    public boolean isKeepJobsForever() {
        return keepJobsForever;
    }

    /** @param keepJobsForever {@code true} to keep terminal jobs until purged explicitly */
    public void setKeepJobsForever(boolean keepJobsForever) {
        this.keepJobsForever = keepJobsForever;
    }

    /**
     * @return {@code asyncapi.shutdown-timeout}: how long running jobs may finish when the application context
     *         closes before they are released to another instance; unset means 30 s
     */
    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** @param shutdownTimeout not negative */
    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** @return {@code asyncapi.worker-id}: the name in this engine's leases; unset means the pid and a random suffix */
    public String getWorkerId() {
        return workerId;
    }

    /** @param workerId 1 to 128 characters, not blank */
    public void setWorkerId(String workerId) {
        this.workerId = workerId;
    }

    /**
     * @return {@code asyncapi.submit-only.<type>=<input class>}: types this service submits but other services
     *         run; with no {@code JobDefinition} bean these make the engine client-only. Empty by default.
     */
    public Map<String, Class<?>> getSubmitOnly() {
        return submitOnly;
    }

    /** @param submitOnly job type to the class its input binds to */
    public void setSubmitOnly(Map<String, Class<?>> submitOnly) {
        this.submitOnly = submitOnly;
    }

    /** @return the {@code asyncapi.store.*} settings */
    public Store getStore() {
        return store;
    }

    /** @return the {@code asyncapi.http.*} settings */
    public Http getHttp() {
        return http;
    }

    /** The job stores the auto-configuration can build. */
    public enum StoreType {
        /** {@code InMemoryJobStore}: one process only, lost at restart. The default. */
        MEMORY,
        /** {@code AzureTableJobStore}: needs {@code dev.asyncapi:asyncapi-azure-tables}. */
        AZURE_TABLES,
        /** {@code PostgresJobStore} on the application's {@code DataSource}: needs {@code dev.asyncapi:asyncapi-postgres}. */
        POSTGRES
    }

    /** {@code asyncapi.store.*}: which job store, and its settings. Ignored when the application defines a {@code JobStore} bean. */
    public static class Store {
        private StoreType type = StoreType.MEMORY;
        private final AzureTables azureTables = new AzureTables();
        private final Postgres postgres = new Postgres();

        /** Creates the defaults. */
        public Store() {
        }

        /** @return {@code asyncapi.store.type}: {@code memory} (default), {@code azure-tables} or {@code postgres} */
        public StoreType getType() {
            return type;
        }

        /** @param type the store type */
        public void setType(StoreType type) {
            this.type = type;
        }

        /** @return the {@code asyncapi.store.azure-tables.*} settings */
        public AzureTables getAzureTables() {
            return azureTables;
        }

        /** @return the {@code asyncapi.store.postgres.*} settings */
        public Postgres getPostgres() {
            return postgres;
        }
    }

    /**
     * {@code asyncapi.store.azure-tables.*}: exactly one of {@code connection-string} or {@code endpoint}; an
     * endpoint authenticates with the application's {@code TokenCredential} bean.
     */
    public static class AzureTables {
        private String connectionString;
        private String endpoint;
        private String tableName;
        private Integer shardCount;
        private Boolean createTableIfMissing;

        /** Creates the defaults. */
        public AzureTables() {
        }

        /** @return the storage account connection string (a secret: never logged) */
        public String getConnectionString() {
            return connectionString;
        }

        /** @param connectionString account key or SAS connection string */
        public void setConnectionString(String connectionString) {
            this.connectionString = connectionString;
        }

        /** @return the Table endpoint, e.g. {@code https://myaccount.table.core.windows.net} */
        public String getEndpoint() {
            return endpoint;
        }

        /** @param endpoint an http(s) URL */
        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        /** @return the table name; unset means {@code asyncjobs} */
        public String getTableName() {
            return tableName;
        }

        /** @param tableName a valid Table Storage table name */
        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        /** @return the shard partitions; unset means 8 */
        public Integer getShardCount() {
            return shardCount;
        }

        /** @param shardCount 1 to 999 */
        public void setShardCount(Integer shardCount) {
            this.shardCount = shardCount;
        }

        /** @return whether the table is created at start-up if missing; unset means {@code true} */
        public Boolean getCreateTableIfMissing() {
            return createTableIfMissing;
        }

        /** @param createTableIfMissing {@code false} when the identity may not create tables */
        public void setCreateTableIfMissing(Boolean createTableIfMissing) {
            this.createTableIfMissing = createTableIfMissing;
        }
    }

    /** {@code asyncapi.store.postgres.*}: the PostgreSQL store on the application's {@code DataSource} bean. */
    public static class Postgres {
        private String schema;
        private String tablePrefix;
        private Boolean createSchema;

        /** Creates the defaults. */
        public Postgres() {
        }

        /** @return the schema holding the tables; unset means {@code public} */
        public String getSchema() {
            return schema;
        }

        /** @param schema 1 to 63 characters of {@code a-z 0-9 _} */
        public void setSchema(String schema) {
            this.schema = schema;
        }

        /** @return the prefix of every name the store creates; unset means {@code asyncapi_} */
        public String getTablePrefix() {
            return tablePrefix;
        }

        /** @param tablePrefix the prefix */
        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        /** @return whether the tables are created or migrated at start-up; unset means {@code true} */
        public Boolean getCreateSchema() {
            return createSchema;
        }

        /** @param createSchema {@code false} when a migration tool owns the schema */
        public void setCreateSchema(Boolean createSchema) {
            this.createSchema = createSchema;
        }
    }

    /** The renderers of the default routes, as {@code ResponseRenderer}'s factories name them. */
    public enum Profile {
        /** {@code ResponseRenderer.standard()}: the default. */
        STANDARD,
        /** {@code ResponseRenderer.azureLongRunningOperation()}: Azure REST API guidelines LRO. */
        AZURE_LRO,
        /** {@code ResponseRenderer.seeOtherWhenCompleted()}: {@code 303 See Other} to the result. */
        SEE_OTHER
    }

    /** {@code asyncapi.http.*}: the servlet filter that serves the HTTP contract. */
    public static class Http {
        /** Default order of the filter: {@value}, after Spring Security's filter chain (-100). */
        public static final int DEFAULT_FILTER_ORDER = 0;

        private boolean enabled = true;
        private String basePath;
        private Profile profile = Profile.STANDARD;
        private Long maxBodyBytes;
        private Duration maxWait;
        private Duration retryAfter;
        private boolean trustForwardedHeaders;
        private String publicBaseUri;
        private int filterOrder = DEFAULT_FILTER_ORDER;
        private final Management management = new Management();

        /** Creates the defaults. */
        public Http() {
        }

        /** @return whether the filter is mounted (in a servlet web application); default {@code true} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled {@code false} to leave the filter out */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the base path of the default routes; unset means {@code /jobs} */
        public String getBasePath() {
            return basePath;
        }

        /** @param basePath e.g. {@code /api/jobs}, no trailing slash */
        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        /** @return the renderer of the default routes; default {@code standard} */
        public Profile getProfile() {
            return profile;
        }

        /** @param profile {@code standard}, {@code azure-lro} or {@code see-other} */
        public void setProfile(Profile profile) {
            this.profile = profile;
        }

        /** @return the largest request body in bytes; unset means 1 MiB */
        public Long getMaxBodyBytes() {
            return maxBodyBytes;
        }

        /** @param maxBodyBytes 1 to 2^31-1 */
        public void setMaxBodyBytes(Long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
        }

        /** @return the cap of {@code ?wait=N} and {@code Prefer: wait=N}; unset means 60 s */
        public Duration getMaxWait() {
            return maxWait;
        }

        /** @param maxWait the cap */
        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        /** @return the polling interval advertised in {@code Retry-After}; unset means 2 s */
        public Duration getRetryAfter() {
            return retryAfter;
        }

        /** @param retryAfter the interval */
        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }

        /** @return whether {@code Forwarded}/{@code X-Forwarded-*} headers build absolute URIs; default {@code false} */
        public boolean isTrustForwardedHeaders() {
            return trustForwardedHeaders;
        }

        /** @param trustForwardedHeaders {@code true} only behind a proxy that sets them */
        public void setTrustForwardedHeaders(boolean trustForwardedHeaders) {
            this.trustForwardedHeaders = trustForwardedHeaders;
        }

        /** @return the public base URI that absolute URIs start with; unset means built from the request */
        public String getPublicBaseUri() {
            return publicBaseUri;
        }

        /** @param publicBaseUri an absolute http(s) URI */
        public void setPublicBaseUri(String publicBaseUri) {
            this.publicBaseUri = publicBaseUri;
        }

        /** @return the filter's order; default {@value #DEFAULT_FILTER_ORDER} */
        public int getFilterOrder() {
            return filterOrder;
        }

        /** @param filterOrder the order among the servlet filters; keep it after any security filter */
        public void setFilterOrder(int filterOrder) {
            this.filterOrder = filterOrder;
        }

        /** @return the {@code asyncapi.http.management.*} settings */
        public Management getManagement() {
            return management;
        }
    }

    /** {@code asyncapi.http.management.*}: listing and purging all owners' jobs over HTTP; off by default. */
    public static class Management {
        private boolean enabled;
        private String role;

        /** Creates the defaults. */
        public Management() {
        }

        /** @return whether {@code GET {base}} and {@code DELETE {base}} are served; default {@code false} */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled {@code true} to serve management, for callers in {@link #getRole()} only */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /**
         * @return the role management requires ({@code HttpServletRequest.isUserInRole}); no default: required when
         *         management is enabled
         */
        public String getRole() {
            return role;
        }

        /** @param role the role name, e.g. {@code ASYNCAPI_ADMIN} (Spring Security checks {@code ROLE_ASYNCAPI_ADMIN}) */
        public void setRole(String role) {
            this.role = role;
        }
    }
}
