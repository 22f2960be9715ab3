package dev.asyncapi.examples.audit;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.appconfiguration.ConfigurationClient;
import com.azure.data.appconfiguration.ConfigurationClientBuilder;
import com.azure.data.appconfiguration.models.ConfigurationSetting;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the audit table's storage connection string, as the reference scenario does:
 * <ol>
 *   <li>the environment variable {@value #CONNECTION_STRING_VARIABLE}, when set and not blank;</li>
 *   <li>otherwise Azure App Configuration at the endpoint in {@value #APP_CONFIG_ENDPOINT_VARIABLE}:
 *       key {@value #SETTING_KEY}, label {@value #SETTING_LABEL}, whose value is a Key Vault reference
 *       ({@link KeyVaultReference}) read with a {@code SecretClient}. Both clients authenticate with
 *       {@code DefaultAzureCredential}.</li>
 * </ol>
 * The connection string is returned to the caller only: it is never logged and never part of an
 * exception message. Thread-safe; each {@link #resolve()} reads the sources again.
 */
public final class ConnectionStringResolver {

    /** Environment variable holding the connection string directly. */
    public static final String CONNECTION_STRING_VARIABLE = "AUDIT_TABLE_CONNECTION_STRING";
    /** Environment variable holding the App Configuration endpoint. */
    public static final String APP_CONFIG_ENDPOINT_VARIABLE = "AppConfigEndpoint";
    /** The App Configuration key. */
    public static final String SETTING_KEY = "storage-account-connection-string";
    /** The App Configuration label. */
    public static final String SETTING_LABEL = "async-http-api";

    private static final System.Logger LOG = System.getLogger(ConnectionStringResolver.class.getName());

    private final Map<String, String> environment;
    private final Supplier<TokenCredential> credential;
    private final HttpClient httpClient;

    /**
     * Creates a resolver over explicit sources; tests point it at local fakes this way.
     *
     * @param environment the variables to read (normally {@link System#getenv()})
     * @param credential  supplies the credential, asked only when App Configuration is used
     * @param httpClient  the transport of the Azure clients, or empty for the SDK default
     */
    ConnectionStringResolver(Map<String, String> environment, Supplier<TokenCredential> credential,
                             Optional<HttpClient> httpClient) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment cannot be null"));
        this.credential = Objects.requireNonNull(credential, "credential cannot be null");
        this.httpClient = httpClient.orElse(null);
    }

    /**
     * A resolver over the process environment, with {@code DefaultAzureCredential}.
     *
     * @return the resolver
     */
    public static ConnectionStringResolver fromEnvironment() {
        return new ConnectionStringResolver(System.getenv(), () -> new DefaultAzureCredentialBuilder().build(),
                Optional.empty());
    }

    /**
     * Resolves the connection string.
     *
     * @return the connection string (a secret: do not log it)
     * @throws AuditConfigurationException if neither source is configured, or App Configuration or Key
     *                                     Vault cannot give it; the message says which step failed
     */
    public String resolve() {
        String direct = environment.get(CONNECTION_STRING_VARIABLE);
        if (direct != null && !direct.isBlank()) {
            LOG.log(System.Logger.Level.INFO, "storage connection string taken from {0}", CONNECTION_STRING_VARIABLE);
            return direct.strip();
        }
        String endpoint = environment.get(APP_CONFIG_ENDPOINT_VARIABLE);
        if (endpoint == null || endpoint.isBlank()) {
            throw new AuditConfigurationException("no storage connection string: set " + CONNECTION_STRING_VARIABLE
                    + ", or " + APP_CONFIG_ENDPOINT_VARIABLE + " to an Azure App Configuration endpoint holding key '"
                    + SETTING_KEY + "' with label '" + SETTING_LABEL + "'");
        }
        String appConfig = checkEndpoint(endpoint.strip());
        TokenCredential token = credential.get();
        KeyVaultReference reference = KeyVaultReference.parseSetting(readSetting(appConfig, token));
        String secret = readSecret(reference, token);
        LOG.log(System.Logger.Level.INFO, "storage connection string taken from App Configuration {0} (key {1}, "
                + "label {2}) via Key Vault secret {3}", appConfig, SETTING_KEY, SETTING_LABEL, reference);
        return secret;
    }

    private String readSetting(String endpoint, TokenCredential token) {
        ConfigurationClientBuilder builder = new ConfigurationClientBuilder().endpoint(endpoint).credential(token)
                .retryOptions(retries());
        if (httpClient != null) {
            builder.httpClient(httpClient);
        }
        ConfigurationClient client = builder.buildClient();
        ConfigurationSetting setting;
        try {
            setting = client.getConfigurationSetting(SETTING_KEY, SETTING_LABEL);
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                throw new AuditConfigurationException("App Configuration " + endpoint + " has no key '" + SETTING_KEY
                        + "' with label '" + SETTING_LABEL + "'", e);
            }
            throw failure("App Configuration " + endpoint, e);
        } catch (RuntimeException e) {
            throw failure("App Configuration " + endpoint, e);
        }
        if (setting == null || setting.getValue() == null) {
            throw new AuditConfigurationException("App Configuration " + endpoint + " has key '" + SETTING_KEY
                    + "' with label '" + SETTING_LABEL + "' but no value");
        }
        return setting.getValue();
    }

    private String readSecret(KeyVaultReference reference, TokenCredential token) {
        SecretClientBuilder builder = new SecretClientBuilder().vaultUrl(reference.vaultUrl()).credential(token)
                .retryOptions(retries());
        if (httpClient != null) {
            builder.httpClient(httpClient);
        }
        SecretClient client = builder.buildClient();
        String value;
        try {
            value = reference.version().isPresent()
                    ? client.getSecret(reference.secretName(), reference.version().get()).getValue()
                    : client.getSecret(reference.secretName()).getValue();
        } catch (ResourceNotFoundException e) {
            throw new AuditConfigurationException("Key Vault has no secret " + reference, e);
        } catch (RuntimeException e) {
            throw failure("Key Vault secret " + reference, e);
        }
        if (value == null || value.isBlank()) {
            throw new AuditConfigurationException("Key Vault secret " + reference + " is empty");
        }
        return value.strip();
    }

    private static AuditConfigurationException failure(String what, RuntimeException e) {
        if (e instanceof ClientAuthenticationException) {
            return new AuditConfigurationException(what + " refused the credential, or DefaultAzureCredential "
                    + "found no identity (sign in with 'az login', or run with a managed identity)", e);
        }
        if (e instanceof HttpResponseException http && http.getResponse() != null) {
            return new AuditConfigurationException(what + " answered HTTP " + http.getResponse().getStatusCode(), e);
        }
        return new AuditConfigurationException(what + " could not be read (" + e.getClass().getSimpleName() + ")", e);
    }

    private static String checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
            throw new AuditConfigurationException(APP_CONFIG_ENDPOINT_VARIABLE
                    + " must be an https URL such as https://<store>.azconfig.io");
        }
        return "https://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private static RetryOptions retries() {
        return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(2)
                .setBaseDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
    }
}
