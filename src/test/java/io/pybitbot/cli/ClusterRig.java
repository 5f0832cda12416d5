package io.pybitbot.cli;

import io.pybitbot.Main;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real processes for the cluster tests: an embedded PostgreSQL journal, {@code run} node JVMs pointed at a standalone
 * simulator, and {@code cluster status} as a user runs it. Closing it kills whatever is still running.
 */
final class ClusterRig implements AutoCloseable {

    private final Path tmp;
    private final String simUrl;
    private final List<Process> nodes = new ArrayList<>();
    private EmbeddedPostgres pg;

    ClusterRig(Path tmp, String simUrl) throws Exception {
        this.tmp = tmp;
        this.simUrl = simUrl;
        pg = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("pybit-cluster-pg"))
                .setCleanDataDirectory(true).start();
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE pybit");
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String journalUrl() {
        return "jdbc:postgresql://localhost:" + pg.getPort() + "/pybit";
    }

    java.sql.Connection journalConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(journalUrl(), "postgres", "");
    }

    Process node(int i) {
        return nodes.get(i);
    }

    /** Starts node {@code i} ({@code run} with {@code --cluster-nodes clusterNodes}), seeded by {@code seedPort} when given. */
    Process start(int i, int clusterPort, Integer seedPort, int clusterNodes, Path configs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DowningProcessTest.Path.javaBin(), "-Xmx320m",
                // the product's logging (not the test classpath's logback-test.xml), a log file per node
                "-Dlogback.configurationFile=" + Main.class.getClassLoader().getResource("logback.xml"),
                "-Dpybit.log.dir=" + tmp.resolve("logs-" + i), "-cp",
                DowningProcessTest.Path.classpath(), Main.class.getName(), "run", "--config-dir",
                configs.toAbsolutePath().toString(), "--env-file",
                tmp.resolve("none.env").toString(), "--exchange-url", simUrl + "/", "--cluster-port",
                Integer.toString(clusterPort), "--cluster-nodes", Integer.toString(clusterNodes),
                "--status-port", Integer.toString(freePort())));
        if (seedPort != null) {
            cmd.addAll(List.of("--seed-node", "127.0.0.1:" + seedPort));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("node-" + i + ".log").toFile());
        pb.environment().put("PYBIT_JOURNAL_URL", journalUrl());
        pb.environment().put("PYBIT_JOURNAL_USER", "postgres");
        Process p = pb.start();
        while (nodes.size() <= i) {
            nodes.add(null);
        }
        nodes.set(i, p);
        return p;
    }

    /** {@code cluster status} as a user runs it; empty when no node answered. */
    String status(int... ports) {
        List<String> args = new ArrayList<>(List.of("cluster", "status", "--env-file", tmp.resolve("none.env").toString(),
                "--timeout", "2"));
        for (int port : ports) {
            args.addAll(List.of("--node", "127.0.0.1:" + port));
        }
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        return cl.execute(args.toArray(String[]::new)) == 0 ? out.toString() : "";
    }

    /** {@code members} members, all Up and reachable, one holding the singletons, every symbol running somewhere. */
    static boolean settled(String status, int members) {
        return status.contains(members + " member(s)") && status.contains("not running on any node: none")
                && status.lines().filter(l -> l.contains(" Up ") && l.contains(" reachable ")).count() == members
                && status.contains("singletons");
    }

    /** Polls {@code cluster status} at {@code ports} until it shows {@code members} settled members; the last answer. */
    String awaitSettled(int members, long seconds, int... ports) throws Exception {
        String last = "";
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds); System.nanoTime() < until;
             Thread.sleep(1000)) {
            last = status(ports);
            if (settled(last, members)) {
                break;
            }
        }
        return last;
    }

    /** Waits until a node answers at {@code port}. */
    void awaitAnswer(int port, long seconds) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (status(port).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(500);
        }
    }

    String log(int i) throws Exception {
        return Files.readString(tmp.resolve("node-" + i + ".log"));
    }

    /** The last lines of every node's output, for a failure message. */
    String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            File f = tmp.resolve("node-" + i + ".log").toFile();
            if (f.exists()) {
                List<String> lines = Files.readAllLines(f.toPath());
                b.append("--- node ").append(i).append(" (last lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws Exception {
        for (Process p : nodes) {
            if (p != null) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (pg != null) {
            pg.close();
        }
    }
}
