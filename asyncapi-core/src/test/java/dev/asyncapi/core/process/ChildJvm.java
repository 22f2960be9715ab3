package dev.asyncapi.core.process;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class in a JVM of its own, for tests that need separate processes: output to a log file,
 * commands as lines on its standard input, {@code stop} for a graceful shutdown and SIGKILL for a crash.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with this JVM's {@code java}.
     *
     * @param name       names the process in messages
     * @param jvmOptions options before {@code -cp}
     * @param classPath  the class path
     * @param mainClass  the class to run
     * @param args       its arguments
     * @param env        environment variables to add
     * @param log        where standard output and error go
     * @return the running process
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String classPath, String mainClass,
                                 List<String> args, Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            return new ChildJvm(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return everything the process wrote so far */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes one command line to the process's standard input.
     *
     * @param line the command, without the line break
     * @throws UncheckedIOException if the process no longer reads its input
     */
    public synchronized void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " no longer reads its input", e);
        }
    }

    /** SIGKILL: no shutdown hook, no lease release. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the process to shut down gracefully ({@code stop} on its input, then its input closed), and
     * kills it if it has not ended within 60 s.
     *
     * @return its exit code
     */
    public synchronized int stop() {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        try (OutputStream in = stdin) {
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException alreadyGone) {
            // the process ended on its own; its exit code tells
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
