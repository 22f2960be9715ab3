package dev.asyncapi.azure.tables.azurite;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that provides one in-memory {@link AzuriteServer} shared by every test class of the JVM
 * that uses it: started on first use, stopped when the test run ends.
 *
 * <p>Use it with {@code @ExtendWith(AzuriteExtension.class)} and take an {@link AzuriteServer} parameter in a
 * constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test method. Tests sharing the server
 * should use their own table names (or the store's own cleanup) so they do not see each other's data.
 */
public final class AzuriteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AzuriteExtension.class);

    /** Creates the extension; JUnit calls this. */
    public AzuriteExtension() {
        // stateless: the server lives in the root context's store
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AzuriteServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared(extensionContext);
    }

    /**
     * The JVM-wide server of this test run, started on first call.
     *
     * @param context any extension context of the run
     * @return the running server
     * @throws AzuriteUnavailableException if Azurite cannot be installed or started
     */
    public static AzuriteServer shared(ExtensionContext context) {
        // the root store closes AutoCloseable values when the whole run ends
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(AzuriteServer.class, type -> AzuriteServer.startInMemory(), AzuriteServer.class);
    }
}
