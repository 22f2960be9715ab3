package dev.asyncapi.examples.audit;

import com.azure.core.credential.TokenCredential;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real {@code ConfigurationClient}, {@code SecretClient} and {@code DefaultAzureCredential} (through its
 * environment source: a client secret exchanged at the Entra token endpoint) against local fakes of the
 * three REST protocols, reached through {@link LoopbackHttpClient}.
 */
class ConnectionStringResolverIT {

    private static final String CONFIG_HOST = "audit-config.azconfig.io";
    private static final String VAULT_HOST = "audit-vault.vault.azure.net";
    private static final String LOGIN_HOST = "login.microsoftonline.com";
    private static final String TENANT = "00000000-0000-0000-0000-000000000001";
    private static final String CLIENT_SECRET = "fake-client-secret-never-logged";
    private static final String VERSION = "0123456789abcdef0123456789abcdef";
    private static final String SECRET = "DefaultEndpointsProtocol=https;AccountName=auditprod;"
            + "AccountKey=c2VjcmV0LWtleS10aGF0LW11c3QtbmV2ZXItbGVhaw==;EndpointSuffix=core.windows.net";

    private FakeAzureServices fakes;
    private LoopbackHttpClient transport;

    @BeforeEach
    void startFakes() {
        fakes = new FakeAzureServices();
        transport = new LoopbackHttpClient(Set.of(CONFIG_HOST, VAULT_HOST, LOGIN_HOST), fakes.port());
        fakes.putSecret("storage-connection", "fedcba9876543210fedcba9876543210", "an older value");
        fakes.putSecret("storage-connection", VERSION, SECRET);
    }

    @AfterEach
    void stopFakes() {
        fakes.close();
    }

    @Test
    void resolvesAVersionedKeyVaultReferenceFromAppConfiguration() {
        reference("https://" + VAULT_HOST + "/secrets/storage-connection/" + VERSION);

        assertThat(resolver().resolve()).isEqualTo(SECRET);
        assertThat(fakes.requests()).anyMatch(r -> r.startsWith("GET /kv/storage-account-connection-string?")
                        && r.contains("label=async-http-api") && r.endsWith("[bearer]"))
                .anyMatch(r -> r.startsWith("GET /secrets/storage-connection/" + VERSION) && r.endsWith("[bearer]"))
                .anyMatch(r -> r.equals("POST /" + TENANT + "/oauth2/v2.0/token"));
    }

    @Test
    void resolvesAnUnversionedReferenceToTheLatestSecret() {
        fakes.putSecret("storage-connection", "11111111111111111111111111111111", "the latest value");
        reference("https://" + VAULT_HOST + "/secrets/storage-connection");

        assertThat(resolver().resolve()).isEqualTo("the latest value");
    }

    @Test
    void rejectsAReferenceToAHostThatIsNotAKeyVault() {
        reference("https://audit-vault.example.com/secrets/storage-connection");

        assertThatThrownBy(() -> resolver().resolve()).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("Key Vault reference is rejected").hasMessageContaining("host");
        assertThat(fakes.requests()).noneMatch(r -> r.startsWith("GET /secrets/"));
    }

    @Test
    void aSettingHoldingTheRawSecretIsRejectedWithoutRepeatingIt() {
        fakes.putSetting(ConnectionStringResolver.SETTING_KEY, ConnectionStringResolver.SETTING_LABEL, SECRET);

        assertThatThrownBy(() -> resolver().resolve()).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("not a Key Vault reference")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AccountKey"));
    }

    @Test
    void aMissingSettingNamesTheKeyAndLabel() {
        assertThatThrownBy(() -> resolver().resolve()).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("has no key 'storage-account-connection-string' with label 'async-http-api'");
    }

    @Test
    void aMissingSecretNamesTheReference() {
        reference("https://" + VAULT_HOST + "/secrets/no-such-secret");

        assertThatThrownBy(() -> resolver().resolve()).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining("Key Vault has no secret https://" + VAULT_HOST + "/secrets/no-such-secret");
    }

    @Test
    void theSecretNeverReachesTheLogs() {
        reference("https://" + VAULT_HOST + "/secrets/storage-connection/" + VERSION);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String resolved;
        try {
            resolved = resolver().resolve();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(resolved).isEqualTo(SECRET);
        assertThat(log).contains("via Key Vault secret https://" + VAULT_HOST)
                .doesNotContain("c2VjcmV0LWtleS10aGF0LW11c3QtbmV2ZXItbGVhaw").doesNotContain(FakeAzureServices.TOKEN).doesNotContain(CLIENT_SECRET);
    }

    private void reference(String uri) {
        fakes.putKeyVaultReference(ConnectionStringResolver.SETTING_KEY, ConnectionStringResolver.SETTING_LABEL, uri);
    }

    private ConnectionStringResolver resolver() {
        Supplier<TokenCredential> credential = () -> new DefaultAzureCredentialBuilder()
                .configuration(new ConfigurationBuilder()
                        .putProperty("AZURE_TENANT_ID", TENANT)
                        .putProperty("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000002")
                        .putProperty("AZURE_CLIENT_SECRET", CLIENT_SECRET)
                        .build())
                .disableInstanceDiscovery()
                .httpClient(transport)
                .build();
        return new ConnectionStringResolver(
                Map.of(ConnectionStringResolver.APP_CONFIG_ENDPOINT_VARIABLE, "https://" + CONFIG_HOST),
                credential, Optional.of(transport));
    }
}
