package dev.asyncapi.azure.tables.azurite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real Azurite Table service (npm {@code azurite}) running as a child Node process on a loopback port, for
 * tests and benchmarks.
 *
 * <p>The first start installs {@code azurite@}{@value #AZURITE_VERSION} with npm into a build folder, so a
 * fresh clone needs no manual step: {@code <repo root>/.build/azurite} (the repo root is the nearest directory
 * above {@code user.dir} holding {@code .ci/}), else {@code user.dir/target/azurite}; the system property
 * {@value #DIR_PROPERTY} overrides it. A file lock keeps parallel JVMs from installing twice. A missing
 * {@code node} or {@code npm} fails with one {@link AzuriteUnavailableException} naming what to install.
 *
 * <p>Instances are thread-safe; {@link #stop()} is idempotent, and a JVM shutdown hook stops a server that
 * was never closed.
 */
public final class AzuriteServer implements AutoCloseable {

    /** The npm version of Azurite this launcher installs and runs. */
    public static final String AZURITE_VERSION = "3.37.0";

    /** System property that overrides the folder Azurite is installed into. */
    public static final String DIR_PROPERTY = "asyncapi.azurite.dir";

    /** The well-known development account name of every Azurite (public, not a secret). */
    public static final String ACCOUNT_NAME = "devstoreaccount1";

    /** The well-known, publicly documented development key of every Azurite (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final String READY_MARKER = "successfully started";
    private static final Object INSTALL_MONITOR = new Object();

    private final Process process;
    private final int port;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private AzuriteServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::kill, "azurite-stop-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts an Azurite Table service keeping its data in memory only, on a free loopback port.
     *
     * @return the running server; close it when done
     * @throws AzuriteUnavailableException if node/npm is missing, the install fails or Azurite does not start
     */
    public static AzuriteServer startInMemory() {
        Path home = installIfMissing();
        AzuriteUnavailableException last = null;
        // a free port found by ServerSocket(0) can be taken by someone else before node binds it: try again
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return launch(home, freePort(), List.of("--inMemoryPersistence"));
            } catch (AzuriteUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts an Azurite Table service that keeps its data on disk under {@code dataDir}, so a server stopped
     * and started again on the same directory (and port) sees the same tables.
     *
     * @param dataDir the data folder (created if missing)
     * @param port the loopback port, or 0 to pick a free one
     * @return the running server; close it when done
     * @throws IllegalArgumentException if the port is outside 0..65535
     * @throws AzuriteUnavailableException if node/npm is missing, the install fails or Azurite does not start
     */
    public static AzuriteServer startPersistent(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir cannot be null");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535 but was " + port);
        }
        Path home = installIfMissing();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Azurite data folder " + dataDir, e);
        }
        List<String> extra = List.of("--location", dataDir.toAbsolutePath().toString());
        if (port != 0) {
            return launch(home, port, extra);
        }
        AzuriteUnavailableException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return launch(home, freePort(), extra);
            } catch (AzuriteUnavailableException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * The loopback port the Table service listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The Table endpoint, e.g. {@code http://127.0.0.1:10002/devstoreaccount1}.
     *
     * @return the endpoint URL without a trailing slash
     */
    public String tableEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT_NAME;
    }

    /**
     * A connection string for the Azure SDK pointing at this server with the development account.
     *
     * @return the connection string
     */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT_NAME + ";AccountKey=" + ACCOUNT_KEY
                + ";TableEndpoint=" + tableEndpoint() + ";";
    }

    /**
     * Whether the Node process is still alive.
     *
     * @return true until stopped (or crashed)
     */
    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Stops the server: asks Node to shut down with SIGINT (so an on-disk store is flushed), then kills the process tree
     * if it has not exited within 10 s. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or will run: kill() below is idempotent with it
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        interrupt();
        try {
            if (!process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(tree);
            }
        } catch (InterruptedException e) {
            kill(tree);
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "AzuriteServer[" + tableEndpoint() + (process.isAlive() ? "" : ", stopped") + "]";
    }

    /**
     * Azurite flushes its on-disk store only on SIGINT (it ignores SIGTERM), and its autosave runs every 5 s:
     * a plain destroy() would lose the last seconds of writes of a persistent server.
     */
    private void interrupt() {
        if (windows()) {
            process.destroy();
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            kill.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
    }

    private void kill() {
        kill(new ArrayList<>(process.descendants().toList()));
    }

    private void kill(List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AzuriteServer launch(Path home, int port, List<String> extraArgs) {
        Path script = home.resolve("node_modules/azurite/dist/src/table/main.js");
        List<String> command = new ArrayList<>(List.of(nodeCommand(), script.toString(),
                "--tableHost", "127.0.0.1", "--tablePort", Integer.toString(port),
                "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent", "--disableTelemetry"));
        command.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AzuriteUnavailableException(missingToolsMessage(), e);
        }
        CountDownLatch ready = new CountDownLatch(1);
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pump(process.getInputStream(), ready, tail), "azurite-out-" + port);
        pump.setDaemon(true);
        pump.start();
        boolean started;
        try {
            started = ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) && process.isAlive();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AzuriteUnavailableException("interrupted while waiting for Azurite to start", e);
        }
        if (!started) {
            process.destroyForcibly();
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            throw new AzuriteUnavailableException("Azurite did not print '" + READY_MARKER + "' within "
                    + START_TIMEOUT.toSeconds() + " s on port " + port + "; its last output:\n" + output);
        }
        return new AzuriteServer(process, port);
    }

    private static void pump(InputStream out, CountDownLatch ready, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (ready.getCount() > 0) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    if (line.contains(READY_MARKER)) {
                        ready.countDown();
                    }
                }
                // keep reading after start-up so the child never blocks on a full pipe
            }
        } catch (IOException processGone) {
            // the stream closes when the process exits
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /**
     * Resolves the install folder and installs Azurite there unless the pinned version is already present.
     *
     * @return the install folder (holding {@code node_modules/azurite})
     */
    static Path installIfMissing() {
        Path home = installDir();
        if (isInstalled(home)) {
            return home;
        }
        synchronized (INSTALL_MONITOR) {
            try {
                Files.createDirectories(home);
                try (FileChannel channel = FileChannel.open(home.resolve(".install.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!isInstalled(home)) {
                        npmInstall(home);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot install Azurite into " + home, e);
            }
        }
        return home;
    }

    static Path installDir() {
        String override = System.getProperty(DIR_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Paths.get(override).toAbsolutePath();
        }
        Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci"))) {
                return dir.resolve(".build").resolve("azurite");
            }
        }
        return start.resolve("target").resolve("azurite");
    }

    private static boolean isInstalled(Path home) {
        Path manifest = home.resolve("node_modules/azurite/package.json");
        Path script = home.resolve("node_modules/azurite/dist/src/table/main.js");
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(script)) {
            return false;
        }
        try {
            return Files.readString(manifest).contains("\"version\": \"" + AZURITE_VERSION + "\"");
        } catch (IOException e) {
            return false;
        }
    }

    private static void npmInstall(Path home) throws IOException {
        // a package.json of its own keeps npm from walking up into some other project's manifest
        Path manifest = home.resolve("package.json");
        if (!Files.exists(manifest)) {
            Files.writeString(manifest, "{\"name\":\"asyncapi-azurite\",\"private\":true}\n");
        }
        requireTool(nodeCommand());
        requireTool(npmCommand());
        Path log = home.resolve("npm-install.log");
        Process npm = new ProcessBuilder(npmCommand(), "install", "--no-audit", "--no-fund",
                "--loglevel=error", "azurite@" + AZURITE_VERSION)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                npm.descendants().forEach(ProcessHandle::destroyForcibly);
                npm.destroyForcibly();
                throw new AzuriteUnavailableException("npm install azurite@" + AZURITE_VERSION
                        + " did not finish within " + INSTALL_TIMEOUT.toMinutes() + " min; see " + log);
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AzuriteUnavailableException("interrupted while installing Azurite", e);
        }
        if (npm.exitValue() != 0 || !isInstalled(home)) {
            throw new AzuriteUnavailableException("npm install azurite@" + AZURITE_VERSION + " into " + home
                    + " failed (exit " + npm.exitValue() + "); see " + log);
        }
    }

    private static void requireTool(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AzuriteUnavailableException(missingToolsMessage());
            }
        } catch (IOException e) {
            throw new AzuriteUnavailableException(missingToolsMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AzuriteUnavailableException("interrupted while checking for " + tool, e);
        }
    }

    private static String missingToolsMessage() {
        return "Azurite needs Node.js and npm on the PATH (node 18 or newer): install Node.js from "
                + "https://nodejs.org and run the build again";
    }

    private static boolean windows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static String nodeCommand() {
        return windows() ? "node.exe" : "node";
    }

    private static String npmCommand() {
        return windows() ? "npm.cmd" : "npm";
    }
}
