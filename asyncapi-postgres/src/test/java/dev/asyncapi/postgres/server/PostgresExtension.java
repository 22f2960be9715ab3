package dev.asyncapi.postgres.server;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that provides one {@link PostgresServer} shared by every test class of the JVM that uses it:
 * started on first use, closed (stopped and deleted) when the test run ends.
 *
 * <p>Use it with {@code @ExtendWith(PostgresExtension.class)} and take a {@link PostgresServer} parameter in a
 * constructor, a {@code @BeforeAll}/{@code @BeforeEach} method or a test method. Tests sharing the server keep
 * apart with their own schemas or databases. A test that stops or restarts a server starts its own instead.
 */
public final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);

    /** Creates the extension; JUnit calls this. */
    public PostgresExtension() {
        // stateless: the server lives in the root context's store
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PostgresServer.class;
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
     * @throws PostgresUnavailableException if PostgreSQL cannot be started
     */
    public static PostgresServer shared(ExtensionContext context) {
        // the root store closes AutoCloseable values when the whole run ends
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(PostgresServer.class, type -> PostgresServer.start(), PostgresServer.class);
    }
}
