package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.Main;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimOrder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover with trading, with real processes: three {@code run} node JVMs on loopback, one standalone simulator
 * (in this JVM, replaying at 60x) and one PostgreSQL journal. Once a position is open, the node holding the
 * singletons is SIGKILLed. Asserted from the simulator's own records and {@code cluster status}: the singletons
 * come back on a survivor (the time from the kill to their first request at the simulator is printed), every
 * symbol runs on a survivor, no intent was placed twice (one order per orderLinkId, which is derived from the
 * intent) and every open position still has its exchange-side stop-loss.
 */
class FailoverProcessTest {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    @TempDir
    Path tmp;

    private final ActorTestKit testKit = ActorTestKit.create();
    private final List<Process> nodes = new ArrayList<>();
    private EmbeddedPostgres pg;

    @AfterEach
    void stop() throws Exception {
        for (Process p : nodes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        testKit.shutdownTestKit();
        if (pg != null) {
            pg.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process node(int i, String simUrl, int clusterPort, Integer seedPort) throws Exception {
        return node(i, simUrl, clusterPort, seedPort, 3, Path.of("configs"));
    }

    private Process node(int i, String simUrl, int clusterPort, Integer seedPort, int clusterNodes, Path configs)
            throws Exception {
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
        pb.environment().put("PYBIT_JOURNAL_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/pybit");
        pb.environment().put("PYBIT_JOURNAL_USER", "postgres");
        Process p = pb.start();
        nodes.add(p);
        return p;
    }

    /** {@code cluster status} as a user runs it; empty when no node answered. */
    private String status(int... ports) {
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

    private static boolean settled(String status, int members) {
        return status.contains(members + " member(s)") && status.contains("not running on any node: none")
                && status.lines().filter(l -> l.contains(" Up ") && l.contains(" reachable ")).count() == members
                && status.contains("singletons");
    }

    private String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            File f = tmp.resolve("node-" + i + ".log").toFile();
            if (f.exists()) {
                List<String> lines = Files.readAllLines(f.toPath());
                b.append("--- node ").append(i).append(" (last lines)\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> b.append(l).append('\n'));
            }
        }
        return b.toString();
    }

    private void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().setDataDirectory(Files.createTempDirectory("pybit-failover-pg"))
                .setCleanDataDirectory(true).start();
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE DATABASE pybit");
        }
    }

    private String log(int i) throws Exception {
        return Files.readString(tmp.resolve("node-" + i + ".log"));
    }

    @Test
    void aNodeStoppingGracefullyInAClusterLeavesOnStopFlattenToTheLastNode() throws Exception {
        startPostgres();
        Path configs = tmp.resolve("configs");
        Files.createDirectories(configs);
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        String execution = Files.readString(configs.resolve("execution.json"));
        assertTrue(execution.contains("\"on_stop\": \"keep\""), execution);
        Files.writeString(configs.resolve("execution.json"),
                execution.replace("\"on_stop\": \"keep\"", "\"on_stop\": \"flatten\""));
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", SYMBOLS).withSpeed(Speed.times(60));
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            int[] ports = {freePort(), freePort()};
            node(0, sim.restBaseUrl(), ports[0], null, 2, configs);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (status(ports[0]).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(500);
            }
            Process younger = node(1, sim.restBaseUrl(), ports[1], ports[0], 2, configs);
            String before = "";
            for (until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < until; Thread.sleep(1000)) {
                before = status(ports);
                if (settled(before, 2)) {
                    break;
                }
            }
            assertTrue(settled(before, 2), "two nodes never settled: " + before + logs());

            younger.destroy(); // SIGTERM: a graceful stop with on_stop flatten
            assertTrue(younger.waitFor(90, TimeUnit.SECONDS), "the node did not stop: " + logs());
            assertEquals(0, younger.exitValue(), logs());
            assertTrue(log(1).contains("graceful stop: 1 other node(s) of the cluster keep trading the account; "
                    + "on_stop flatten is left to the last node to stop"), log(1));
            Thread.sleep(2000);
            assertTrue(!log(0).contains("Flatten all ("), "the account was flattened under the oldest node: " + log(0));
            assertTrue(!log(1).contains("graceful stop: cancelled"), "the stopping node cancelled the account's orders");
            assertTrue(sim.core().engine().orders(o -> o.orderLinkId().startsWith("flatten-")
                    || o.orderLinkId().startsWith("stop-")).isEmpty(), "flatten orders reached the simulator");
            // the stopped node's symbols come back to the oldest by its next keep-alive (every 10 s)
            String after = "";
            for (until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < until; Thread.sleep(1000)) {
                after = status(ports[0]);
                if (settled(after, 1)) {
                    break;
                }
            }
            assertTrue(settled(after, 1), "the oldest node goes on with every symbol: " + after + logs());
        }
    }

    @Test
    void killingTheSingletonHolderMovesEverythingToTheSurvivorsWithoutDuplicatesOrLostStops() throws Exception {
        startPostgres();
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", SYMBOLS).withSpeed(Speed.times(60));
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            int[] ports = {freePort(), freePort(), freePort()};
            node(0, sim.restBaseUrl(), ports[0], null);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (status(ports[0]).isEmpty() && System.nanoTime() < until) {
                Thread.sleep(500);
            }
            node(1, sim.restBaseUrl(), ports[1], ports[0]);
            node(2, sim.restBaseUrl(), ports[2], ports[0]);
            String before = "";
            for (until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < until; Thread.sleep(1000)) {
                before = status(ports);
                if (settled(before, 3)) {
                    break;
                }
            }
            assertTrue(settled(before, 3), "three nodes never settled: " + before + logs());
            String holder = before.lines().filter(l -> l.contains("singletons")).findFirst().orElseThrow();
            assertTrue(holder.contains("127.0.0.1:" + ports[0] + " "), "the first node is the oldest: " + before);

            // trade until a position is open, so the failover has something to protect
            for (until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                 sim.core().engine().openPositions().isEmpty() && System.nanoTime() < until; ) {
                Thread.sleep(500);
            }
            assertTrue(!sim.core().engine().openPositions().isEmpty(), "no position opened: " + logs());

            long signedAtKill = sim.signedRequests();
            long killed = System.nanoTime();
            nodes.get(0).destroyForcibly(); // SIGKILL
            // only the singletons call the account's REST: the next signed request is the new REST client's
            while (sim.signedRequests() == signedAtKill && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(90)) {
                Thread.sleep(20);
            }
            double failover = (System.nanoTime() - killed) / 1e9;
            System.out.printf("failover: %.1f s from SIGKILL of the singleton holder to the new singletons' first"
                    + " request at the simulator%n", failover);
            assertTrue(sim.signedRequests() > signedAtKill, "the singletons never came back: " + logs());

            String after = "";
            for (until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < until; Thread.sleep(1000)) {
                after = status(ports[1], ports[2]);
                if (settled(after, 2)) {
                    break;
                }
            }
            assertTrue(settled(after, 2), "the survivors never took everything over: " + after + logs());
            assertTrue(!after.contains("127.0.0.1:" + ports[0] + " "), after);
            System.out.println("after the failover:\n" + after);

            // let the new singletons reconcile and protect, then read the simulator's records
            Thread.sleep(10_000);
            List<SimOrder> orders = sim.core().engine().orders(o -> true);
            Set<String> links = new HashSet<>();
            for (SimOrder o : orders) {
                assertTrue(links.add(o.orderLinkId()), "placed twice: " + o.orderLinkId());
            }
            List<PositionView> open = sim.core().engine().openPositions();
            for (PositionView p : open) {
                assertTrue(p.stopLoss() != null && p.stopLoss().signum() > 0, "a position without a stop: " + p);
            }
            System.out.println("orders at the simulator: " + orders.size() + ", open positions: " + open.size());
            assertEquals(0, sim.rateLimitRecord().values().stream().mapToLong(r -> r.rejected()).sum(),
                    "the simulator refused requests over the per-UID limits: " + sim.rateLimitRecord());
        }
    }
}
