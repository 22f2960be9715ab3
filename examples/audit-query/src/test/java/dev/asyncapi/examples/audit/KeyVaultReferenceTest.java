package dev.asyncapi.examples.audit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyVaultReferenceTest {

    @Test
    void parsesAReferenceWithAVersion() {
        KeyVaultReference ref = KeyVaultReference.parseSetting(
                "{\"uri\":\"https://Audit-Vault.vault.azure.net/secrets/storage-conn/0123456789abcdef0123456789abcdef\"}");

        assertThat(ref).isEqualTo(new KeyVaultReference("https://audit-vault.vault.azure.net", "storage-conn",
                Optional.of("0123456789abcdef0123456789abcdef")));
    }

    @Test
    void parsesAReferenceWithoutAVersion() {
        KeyVaultReference ref = KeyVaultReference.parseSetting(
                "{\"uri\":\"https://audit-vault.vault.azure.net/secrets/storage-conn\"}");

        assertThat(ref.secretName()).isEqualTo("storage-conn");
        assertThat(ref.version()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://audit-vault.vault.azure.net/secrets/a|scheme must be https",
            "https://audit-vault.example.com/secrets/a|host must be a Key Vault host",
            "https://vault.azure.net.evil.com/secrets/a|host must be a Key Vault host",
            "https://audit-vault.vault.azure.net:8443/secrets/a|default https port",
            "https://audit-vault.vault.azure.net/keys/a|path must be",
            "https://audit-vault.vault.azure.net/secrets/a/not-a-version|path must be",
            "https://audit-vault.vault.azure.net/secrets/a/0123456789abcdef0123456789abcdef/x|path must be",
            "https://audit-vault.vault.azure.net/secrets/a?api-version=7.4|query",
            "https://user@audit-vault.vault.azure.net/secrets/a|user info",
    })
    void rejectsUrisThatAreNotKeyVaultSecrets(String uri, String why) {
        assertThatThrownBy(() -> KeyVaultReference.parseUri(uri)).isInstanceOf(AuditConfigurationException.class)
                .hasMessageContaining(why).hasMessageContaining("expected https://<vault>.vault.azure.net/secrets/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"url\":\"https://a.vault.azure.net/secrets/x\"}",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=secret-key-value"})
    void rejectsSettingsThatAreNotReferencesWithoutRepeatingThem(String value) {
        assertThatThrownBy(() -> KeyVaultReference.parseSetting(value))
                .isInstanceOf(AuditConfigurationException.class).hasMessageContaining("not a Key Vault reference")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-key-value"));
    }
}
