package dev.asyncapi.examples.audit;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds Table Storage clients for the audit table with bounded timeouts and retries.
 *
 * <p>The connection string is a secret: it is used here and nowhere else, never logged and never
 * part of a message. Thread-safe (stateless).
 */
public final class AuditTables {

    /** The table the reference scenario reads. */
    public static final String TABLE_NAME = "audit";
    /** The column whose distinct values are counted. */
    public static final String ID_COLUMN = "identificationNumber";
    /** The column that must not be empty for a row to count. */
    public static final String CERT_COLUMN = "CertNumber";

    private AuditTables() {
    }

    /**
     * Builds a client of the {@value #TABLE_NAME} table.
     *
     * @param connectionString a storage connection string
     * @param options          timeouts, retries and extra policies
     * @return a thread-safe client
     * @throws IllegalArgumentException if the connection string is malformed (the message does not
     *                                  repeat it)
     */
    public static TableClient tableClient(String connectionString, StorageOptions options) {
        return serviceClient(connectionString, options).getTableClient(TABLE_NAME);
    }

    /**
     * Builds a service client, for creating and deleting tables.
     *
     * @param connectionString a storage connection string
     * @param options          timeouts, retries and extra policies
     * @return a thread-safe client
     * @throws IllegalArgumentException if the connection string is malformed
     */
    public static TableServiceClient serviceClient(String connectionString, StorageOptions options) {
        TableServiceClientBuilder builder = new TableServiceClientBuilder()
                .clientOptions(httpOptions(options)).retryOptions(retryOptions(options));
        options.policies().forEach(builder::addPolicy);
        try {
            return builder.connectionString(connectionString).buildClient();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the storage connection string is malformed ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Describes where a client points without credentials: scheme, host and port.
     *
     * @param client a table client
     * @return e.g. {@code http://127.0.0.1:10002}
     */
    public static String describe(TableClient client) {
        URI uri = URI.create(client.getTableEndpoint());
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /**
     * Quotes a value as an OData string literal, doubling embedded single quotes, so a value can
     * never change the shape of a filter.
     *
     * @param value the value
     * @return the literal, quotes included
     */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static HttpClientOptions httpOptions(StorageOptions options) {
        HttpClientOptions http = new HttpClientOptions();
        http.setConnectTimeout(options.connectTimeout());
        http.setResponseTimeout(options.responseTimeout());
        http.setReadTimeout(options.responseTimeout());
        http.setWriteTimeout(options.responseTimeout());
        return http;
    }

    private static RetryOptions retryOptions(StorageOptions options) {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(options.maxRetries())
                .setBaseDelay(options.retryBaseDelay()).setMaxDelay(Duration.ofSeconds(2)));
    }
}
