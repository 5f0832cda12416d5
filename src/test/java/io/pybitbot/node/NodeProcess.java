package io.pybitbot.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code pybit-bot ...} in a JVM of its own, on the test classpath, its output in a file: what a user's
 * process is, so signals and exit codes are real.
 */
final class NodeProcess implements AutoCloseable {

    final Process process;
    final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static NodeProcess start(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        // the product's logging, not the test classpath's logback-test.xml
        cmd.add("-Dlogback.configurationFile=" + NodeProcess.class.getClassLoader().getResource("logback.xml"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.pybitbot.Main");
        cmd.addAll(List.of(args));
        if (args.length > 0 && args[0].equals("run") && !List.of(args).contains("--status-port")) {
            // several nodes and test runs share this machine: each status API on a free port
            cmd.add("--status-port");
            cmd.add("0");
        }
        Path log = workDir.resolve("node-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new NodeProcess(p, log);
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output contains {@code text}; fails with the output when the process ends or time is up. */
    void awaitOutput(String text, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new AssertionError("the process ended (exit " + process.exitValue() + ") before printing '"
                        + text + "':\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' within " + limit + ":\n" + output());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM (what {@link Process#destroy()} sends on Linux and macOS). */
    void sigterm() {
        process.destroy();
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
