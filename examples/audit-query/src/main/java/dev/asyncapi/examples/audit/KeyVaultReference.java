package dev.asyncapi.examples.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Key Vault secret reference as App Configuration stores it: {@code {"uri":"https://<vault>.vault.azure.net/secrets/<name>[/<version>]"}}.
 *
 * <p>Only Key Vault hosts of the public and sovereign Azure clouds are accepted
 * ({@code .vault.azure.net}, {@code .vault.azure.cn}, {@code .vault.usgovcloudapi.net},
 * {@code .vault.microsoftazure.de}), over https on the default port, with a secret name of 1 to 127
 * letters, digits and dashes and an optional 32-hex-digit version. Error messages describe what is
 * wrong without repeating the value, because a misconfigured setting may hold the secret itself.
 *
 * <p>Immutable.
 *
 * @param vaultUrl   {@code https://<vault>.vault.azure.net}
 * @param secretName the secret's name
 * @param version    the secret version, or empty for the latest
 */
public record KeyVaultReference(String vaultUrl, String secretName, Optional<String> version) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HOST = Pattern.compile(
            "[a-z0-9](?:[a-z0-9-]{1,22}[a-z0-9])?\\.vault\\.(?:azure\\.net|azure\\.cn|usgovcloudapi\\.net|microsoftazure\\.de)");
    private static final Pattern PATH = Pattern.compile("/secrets/([0-9A-Za-z-]{1,127})(?:/([0-9A-Fa-f]{32}))?");

    static final String EXPECTED = "https://<vault>.vault.azure.net/secrets/<name>[/<version>]";

    /**
     * Parses the value of an App Configuration Key Vault reference setting.
     *
     * @param settingValue the setting's value, JSON {@code {"uri": "..."}}
     * @return the reference
     * @throws AuditConfigurationException if the value is not such JSON or the URI is not a Key Vault
     *                                     secret URI
     */
    public static KeyVaultReference parseSetting(String settingValue) {
        JsonNode node;
        try {
            node = settingValue == null ? null : JSON.readTree(settingValue);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.path("uri").isTextual()) {
            throw new AuditConfigurationException("the setting is not a Key Vault reference: expected JSON "
                    + "{\"uri\": \"" + EXPECTED + "\"}");
        }
        return parseUri(node.get("uri").asText());
    }

    /**
     * Parses a Key Vault secret URI.
     *
     * @param uri {@code https://<vault>.vault.azure.net/secrets/<name>[/<version>]}
     * @return the reference
     * @throws AuditConfigurationException if the URI has another shape; the message names the part
     */
    public static KeyVaultReference parseUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException | NullPointerException e) {
            throw reject("it is not a valid URI");
        }
        if (!"https".equalsIgnoreCase(parsed.getScheme())) {
            throw reject("the scheme must be https");
        }
        if (parsed.getRawUserInfo() != null || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw reject("it must not have user info, a query or a fragment");
        }
        if (parsed.getPort() != -1 && parsed.getPort() != 443) {
            throw reject("it must use the default https port");
        }
        String host = parsed.getHost() == null ? "" : parsed.getHost().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            throw reject("the host must be a Key Vault host such as <vault>.vault.azure.net");
        }
        Matcher path = PATH.matcher(parsed.getRawPath() == null ? "" : parsed.getRawPath());
        if (!path.matches()) {
            throw reject("the path must be /secrets/<name> or /secrets/<name>/<32-hex-digit version>");
        }
        return new KeyVaultReference("https://" + host, path.group(1), Optional.ofNullable(path.group(2)));
    }

    private static AuditConfigurationException reject(String why) {
        return new AuditConfigurationException("the Key Vault reference is rejected: " + why + " (expected "
                + EXPECTED + ")");
    }

    @Override
    public String toString() {
        return vaultUrl + "/secrets/" + secretName + version.map(v -> "/" + v).orElse("");
    }
}
