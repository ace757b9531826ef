package io.oidcsso.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the test run (dev IdP, reference host): its merged output is kept in
 * memory and in a log file, {@link #awaitLine} waits for its {@code ready} line, and every
 * process still alive when the JVM exits is destroyed by one shutdown hook.
 */
final class ManagedProcess implements AutoCloseable {
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::close),
                "e2e-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}; output goes to {@code logDir/name.log}. */
    static ManagedProcess start(String name, List<String> command, Path workDir, Path logDir,
            Map<String, String> environment) {
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Path logFile = logDir.resolve(name + ".log");
            ManagedProcess managed = new ManagedProcess(name, builder.start(), logFile);
            LIVE.add(managed);
            managed.pumpOutput();
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private void pumpOutput() throws IOException {
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> {
            try (log; BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                    log.write(line);
                    log.write('\n');
                    log.flush();
                }
            } catch (IOException e) {
                // The process went away; what was read so far stays available.
            }
        }, "e2e-output-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Waits until a line contains {@code marker}; fails with the output so far when the process
     * exits first or the timeout passes.
     */
    String awaitLine(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (lines.get(seen).contains(marker)) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
                    String why = process.isAlive() ? "no `" + marker + "` line within " + timeout
                            : "exited with " + process.exitValue() + " before printing `" + marker + "`";
                    throw new IllegalStateException(name + " " + why + "\n" + output());
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }

    /** Waits for the process to exit on its own; its exit code, or -1 on timeout. */
    int awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String name() {
        return name;
    }

    /** The lines printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The operating system's id of the process (for /proc). */
    long pid() {
        return process.pid();
    }

    /** Everything the process printed so far, each line prefixed with its name. */
    String output() {
        StringBuilder out = new StringBuilder("----- output of " + name + " (" + logFile + ") -----\n");
        synchronized (lines) {
            lines.forEach(line -> out.append('[').append(name).append("] ").append(line).append('\n'));
        }
        return out.toString();
    }

    @Override
    public void close() {
        LIVE.remove(this);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
