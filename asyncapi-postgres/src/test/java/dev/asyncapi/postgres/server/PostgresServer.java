package dev.asyncapi.postgres.server;

import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and benchmarks: a fresh cluster in a temporary folder, started with the
 * machine's server binaries ({@code initdb}, {@code pg_ctl}) on a free loopback port.
 *
 * <p>The server listens on {@code 127.0.0.1} only (its Unix socket lives inside the temporary folder), holds a
 * ready database {@value #DATABASE} owned by the superuser {@value #USER}, and accepts that user with the password
 * {@value #PASSWORD} (SCRAM-SHA-256) over TCP. The binaries come from {@value #BIN_PROPERTY} if that system property
 * is set, else from {@code /usr/lib/postgresql/15/bin} (Debian's {@code postgresql-15}); without them
 * {@link #start()} fails with one {@link PostgresUnavailableException} naming what to install.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root (as the project's machines and CI do), the
 * binaries run as the {@value #OS_USER} operating-system user through {@code runuser}, and the temporary folder
 * belongs to that user; otherwise they run as the current user.
 *
 * <p>{@link #stop()} and {@link #startAgain()} stop and restart the server on the same port and data, for
 * database-restart scenarios; {@link #close()} stops it and deletes the folder. A JVM shutdown hook does the same
 * for a server never closed, so no stray {@code postgres} outlives a test run that ends normally.
 *
 * <p>Thread-safe: lifecycle methods are serialised.
 */
public final class PostgresServer implements AutoCloseable {

    /** System property naming a folder that holds {@code initdb}, {@code pg_ctl} and {@code postgres}. */
    public static final String BIN_PROPERTY = "asyncapi.postgres.bin";
    /** The database {@link #start()} creates and {@link #jdbcUrl()} points at. */
    public static final String DATABASE = "asyncapi";
    /** The superuser of the test cluster. */
    public static final String USER = "asyncapi";
    /** The superuser's password: a loopback-only throwaway server, not a secret. */
    public static final String PASSWORD = "asyncapi-test";
    /** The operating-system user the server runs as when this JVM runs as root. */
    public static final String OS_USER = "postgres";

    static final Path DEFAULT_BIN = Paths.get("/usr/lib/postgresql/15/bin");
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final int START_ATTEMPTS = 3;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private enum State { RUNNING, STOPPED, CLOSED }

    private final Path bin;
    private final Path root;
    private final Path data;
    private final boolean runAsOsUser;
    private final int port;
    private final Thread shutdownHook;
    private State state = State.RUNNING;

    private PostgresServer(Path bin, Path root, boolean runAsOsUser, int port) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.runAsOsUser = runAsOsUser;
        this.port = port;
        this.shutdownHook = new Thread(this::destroy, "postgres-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a fresh server with PostgreSQL's default settings.
     *
     * @return the running server, with database {@value #DATABASE} ready; close it when done
     * @throws PostgresUnavailableException if the binaries are missing or the server does not start
     */
    public static PostgresServer start() {
        return start(Map.of());
    }

    /**
     * Starts a fresh server with extra {@code postgresql.conf} settings, e.g. {@code max_connections} or
     * {@code fsync} for a benchmark. The listening address, port and socket folder are the harness's own.
     *
     * @param settings setting names and values, written as {@code name = 'value'}
     * @return the running server, with database {@value #DATABASE} ready; close it when done
     * @throws NullPointerException         if {@code settings} is null
     * @throws IllegalArgumentException     if a name is not a plain setting name
     * @throws PostgresUnavailableException if the binaries are missing or the server does not start
     */
    public static PostgresServer start(Map<String, String> settings) {
        String override = System.getProperty(BIN_PROPERTY);
        Path binaries = override == null || override.isBlank() ? DEFAULT_BIN : Paths.get(override);
        return start(binaries, settings);
    }

    static PostgresServer start(Path bin, Map<String, String> settings) {
        Objects.requireNonNull(settings, "settings cannot be null");
        settings.keySet().forEach(name -> {
            if (!name.matches("[a-z_][a-z0-9_.]*")) {
                throw new IllegalArgumentException("not a setting name: '" + name + "'");
            }
        });
        requireBinaries(bin);
        boolean asOsUser = isRoot();
        UserPrincipal owner = asOsUser ? osUser() : null;
        Path root;
        try {
            root = Files.createTempDirectory("asyncapi-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for PostgreSQL", e);
        }
        try {
            initdb(bin, root, owner);
            PostgresUnavailableException last = null;
            // a free port found by ServerSocket(0) can be taken by someone else before postgres binds it
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                int port = freePort();
                writeSettings(root, port, settings);
                try {
                    pgCtl(bin, root, asOsUser, "start");
                } catch (PostgresUnavailableException e) {
                    last = e;
                    continue;
                }
                PostgresServer server = new PostgresServer(bin, root, asOsUser, port);
                try {
                    server.createDatabase(DATABASE);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                return server;
            }
            throw last;
        } catch (RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    // ---- where to connect -----------------------------------------------------------------------------

    /**
     * The loopback port the server listens on; the same after {@link #startAgain()}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * A JDBC URL of database {@value #DATABASE}, e.g. {@code jdbc:postgresql://127.0.0.1:54321/asyncapi}.
     *
     * @return the URL, without credentials
     */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /**
     * A JDBC URL of another database of this server.
     *
     * @param database the database name
     * @return the URL, without credentials
     */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LOOPBACK + ":" + port + "/" + requireIdentifier(database, "database");
    }

    /**
     * The user to connect as: the cluster's superuser {@value #USER}.
     *
     * @return the user name
     */
    public String user() {
        return USER;
    }

    /**
     * The password of {@link #user()}.
     *
     * @return {@value #PASSWORD}
     */
    public String password() {
        return PASSWORD;
    }

    /**
     * A data source of database {@value #DATABASE}: the driver's {@link PGSimpleDataSource}, which opens a new
     * connection per {@code getConnection()} (no pool).
     *
     * @return a new data source
     */
    public DataSource dataSource() {
        return dataSource(DATABASE);
    }

    /**
     * A data source of another database of this server.
     *
     * @param database the database name
     * @return a new {@link PGSimpleDataSource}
     */
    public DataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {LOOPBACK});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(requireIdentifier(database, "database"));
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        ds.setConnectTimeout(10);
        return ds;
    }

    /**
     * Creates another empty database, e.g. one per benchmark variant.
     *
     * @param name a plain lower-case identifier
     * @throws IllegalArgumentException     if the name is not a plain identifier
     * @throws IllegalStateException        if the server is not running
     * @throws PostgresUnavailableException if the statement fails
     */
    public synchronized void createDatabase(String name) {
        requireIdentifier(name, "database");
        requireState(State.RUNNING, "create a database");
        try (Connection c = dataSource("postgres").getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new PostgresUnavailableException("cannot create database " + name + " on port " + port + ": "
                    + e.getMessage() + "; server log: " + logTail(), e);
        }
    }

    // ---- lifecycle ------------------------------------------------------------------------------------

    /**
     * Whether the server process is alive.
     *
     * @return true between a start and a {@link #stop()} (or a crash)
     */
    public synchronized boolean isRunning() {
        return state != State.CLOSED && postmasterPid().isPresent();
    }

    /**
     * The server's data folder, kept across {@link #stop()} and {@link #startAgain()}, deleted by {@link #close()}.
     *
     * @return the folder
     */
    public Path dataDirectory() {
        return data;
    }

    /**
     * Stops the server (PostgreSQL's fast shutdown: open connections are ended, data is kept). Idempotent.
     *
     * @throws IllegalStateException        if the server was closed
     * @throws PostgresUnavailableException if {@code pg_ctl stop} fails
     */
    public synchronized void stop() {
        requireState(null, "stop");
        if (state == State.STOPPED) {
            return;
        }
        OptionalLong pid = postmasterPid();
        pgCtl(bin, root, runAsOsUser, "stop", "-m", "fast");
        pid.ifPresent(PostgresServer::awaitExit);
        state = State.STOPPED;
    }

    /**
     * Starts a stopped server again on the same port and data. Idempotent while running.
     *
     * @throws IllegalStateException        if the server was closed
     * @throws PostgresUnavailableException if it does not start (for instance, the port was taken meanwhile)
     */
    public synchronized void startAgain() {
        requireState(null, "start");
        if (state == State.RUNNING) {
            return;
        }
        pgCtl(bin, root, runAsOsUser, "start");
        state = State.RUNNING;
    }

    /** Stops the server at once and deletes its folder. Idempotent. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run: destroy() is idempotent with it
        }
        destroy();
    }

    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + ", " + state + "]";
    }

    /** The postmaster's process id, read from its pid file, if it runs. */
    synchronized OptionalLong postmasterPid() {
        Path pidFile = data.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return OptionalLong.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Immediate shutdown (no checkpoint: the data is thrown away) and deletion; for close() and the JVM's exit. */
    private synchronized void destroy() {
        if (state == State.CLOSED) {
            return;
        }
        OptionalLong pid = postmasterPid();
        if (pid.isPresent()) {
            try {
                pgCtl(bin, root, runAsOsUser, "stop", "-m", "immediate");
            } catch (RuntimeException e) {
                ProcessHandle.of(pid.getAsLong()).ifPresent(ProcessHandle::destroyForcibly);
            }
            awaitExit(pid.getAsLong());
        }
        state = State.CLOSED;
        deleteTree(root);
    }

    /** pg_ctl returns once the pid file is gone, which is a moment before the process itself has exited. */
    private static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
            }
        });
    }

    private void requireState(State required, String action) {
        if (state == State.CLOSED || (required != null && state != required)) {
            throw new IllegalStateException("cannot " + action + ": the server is " + state.name().toLowerCase());
        }
    }

    private String logTail() {
        return tail(root.resolve("server.log"));
    }

    // ---- processes ------------------------------------------------------------------------------------

    private static void initdb(Path bin, Path root, UserPrincipal owner) {
        Path passwordFile = root.resolve("password");
        try {
            Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.createDirectories(root.resolve("sockets"));
            if (owner != null) {
                for (Path p : List.of(root, passwordFile, root.resolve("sockets"))) {
                    Files.setOwner(p, owner);
                }
            }
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root + " for initdb", e);
        }
        run(owner != null, root, root.resolve("initdb.log"), List.of(bin.resolve("initdb").toString(),
                "-D", root.resolve("data").toString(), "-U", USER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"));
        try {
            Files.deleteIfExists(passwordFile);
            Files.writeString(root.resolve("data").resolve("postgresql.conf"),
                    "\n# asyncapi test harness\ninclude 'asyncapi.conf'\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the cluster in " + root, e);
        }
    }

    private static void writeSettings(Path root, int port, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("listen_addresses", LOOPBACK);
        all.put("port", Integer.toString(port));
        all.put("unix_socket_directories", root.resolve("sockets").toString());
        StringBuilder conf = new StringBuilder();
        all.forEach((name, value) -> conf.append(name).append(" = '").append(value.replace("'", "''")).append("'\n"));
        Path file = root.resolve("data").resolve("asyncapi.conf");
        try {
            // written by this JVM, read by the server: readable by everyone is enough, it holds no secret
            Files.writeString(file, conf, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void pgCtl(Path bin, Path root, boolean asOsUser, String action, String... options) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                root.resolve("data").toString(), "-w", "-t", Long.toString(COMMAND_TIMEOUT.toSeconds() - 30)));
        if (action.equals("start")) {
            command.addAll(List.of("-l", root.resolve("server.log").toString()));
        }
        command.add(action);
        command.addAll(List.of(options));
        run(asOsUser, root, root.resolve("pg_ctl.log"), command);
    }

    /** Runs a server binary to its end, as {@value #OS_USER} when asked; fails with its output. */
    private static void run(boolean asOsUser, Path root, Path output, List<String> command) {
        List<String> full = new ArrayList<>();
        if (asOsUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new PostgresUnavailableException("cannot run " + full.get(0) + ": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new PostgresUnavailableException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s; its output:\n" + tail(output));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new PostgresUnavailableException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new PostgresUnavailableException(Paths.get(command.get(0)).getFileName() + " "
                    + command.get(command.size() - 1) + " failed (exit " + p.exitValue() + "); its output:\n"
                    + tail(output) + "\nserver log:\n" + tail(root.resolve("server.log")));
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return "(none)";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    // ---- the machine ----------------------------------------------------------------------------------

    private static void requireBinaries(Path bin) {
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new PostgresUnavailableException("PostgreSQL server binaries not found: " + bin.resolve(tool)
                        + " is missing. Install the PostgreSQL 15 server (Debian/Ubuntu: apt-get install -y "
                        + "postgresql-15), or set -D" + BIN_PROPERTY + "=<folder holding initdb, pg_ctl and postgres>");
            }
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static UserPrincipal osUser() {
        try {
            return Paths.get("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        } catch (IOException e) {
            throw new PostgresUnavailableException("PostgreSQL refuses to run as root, and there is no '" + OS_USER
                    + "' user to run it as: install the server package (apt-get install -y postgresql-15), which "
                    + "creates that user, or run the tests as another user", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    private static String requireIdentifier(String name, String what) {
        Objects.requireNonNull(name, what + " cannot be null");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case identifier of at most 63 characters, "
                    + "but was '" + name + "'");
        }
        return name;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a temporary folder
        }
    }
}
