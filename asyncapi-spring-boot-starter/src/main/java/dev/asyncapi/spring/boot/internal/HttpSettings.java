package dev.asyncapi.spring.boot.internal;

import dev.asyncapi.servlet.AsyncJobsHttp;
import dev.asyncapi.servlet.ResponseRenderer;
import dev.asyncapi.spring.boot.AsyncApiProperties;

import java.net.URI;
import java.net.URISyntaxException;

/** Applies {@code asyncapi.http.*} to the HTTP builder, which owns every rule. */
public final class HttpSettings {

    private static final String PREFIX = "asyncapi.http.";

    private HttpSettings() {
    }

    /**
     * Applies the settings.
     *
     * @param http    the {@code asyncapi.http.*} settings
     * @param builder the builder
     * @throws dev.asyncapi.spring.boot.InvalidAsyncApiPropertyException if a value is refused, or management is
     *                                                                    enabled without a role
     */
    public static void apply(AsyncApiProperties.Http http, AsyncJobsHttp.Builder builder) {
        Properties.apply(PREFIX + "base-path", http.getBasePath(), builder::basePath);
        Properties.apply(PREFIX + "max-body-bytes", http.getMaxBodyBytes(), builder::maxBodyBytes);
        Properties.apply(PREFIX + "max-wait", http.getMaxWait(), builder::maxWait);
        Properties.apply(PREFIX + "retry-after", http.getRetryAfter(), builder::retryAfter);
        Properties.apply(PREFIX + "public-base-uri", http.getPublicBaseUri(), value -> builder.publicBaseUri(uri(value)));
        if (http.isTrustForwardedHeaders()) {
            builder.trustForwardedHeaders(true);
        }
        if (http.getProfile() != AsyncApiProperties.Profile.STANDARD) {
            builder.defaultRenderer(renderer(http.getProfile()));
        }
        AsyncApiProperties.Management management = http.getManagement();
        if (management.isEnabled()) {
            if (management.getRole() == null) {
                throw Properties.invalid(PREFIX + "management.role", "management is enabled"
                        + " (asyncapi.http.management.enabled=true) but no role is set: name the role whose members may"
                        + " list and purge every owner's jobs");
            }
            Properties.apply(PREFIX + "management.role", management.getRole(), builder::enableManagement);
        }
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getMessage(), e);
        }
    }

    private static ResponseRenderer renderer(AsyncApiProperties.Profile profile) {
        switch (profile) {
            case AZURE_LRO:
                return ResponseRenderer.azureLongRunningOperation();
            case SEE_OTHER:
                return ResponseRenderer.seeOtherWhenCompleted();
            case STANDARD:
            default:
                return ResponseRenderer.standard();
        }
    }
}
