package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimOrder;
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
 * intent), every open position kept its exchange-side stop-loss throughout (sampled every 100 ms), and the journal
 * shows every symbol acted on
 * each closed candle once, none skipped, across the change of owner.
 */
class FailoverProcessTest {

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    @TempDir
    Path tmp;

    private final ActorTestKit testKit = ActorTestKit.create();
    private ClusterRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        testKit.shutdownTestKit();
    }

    private Process node(int i, int clusterPort, Integer seedPort) throws Exception {
        return rig.start(i, clusterPort, seedPort, 3, Path.of("configs"));
    }

    @Test
    void aNodeStoppingGracefullyInAClusterLeavesOnStopFlattenToTheLastNode() throws Exception {
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
            rig = new ClusterRig(tmp, sim.restBaseUrl());
            int[] ports = {ClusterRig.freePort(), ClusterRig.freePort()};
            rig.start(0, ports[0], null, 2, configs);
            rig.awaitAnswer(ports[0], 90);
            Process younger = rig.start(1, ports[1], ports[0], 2, configs);
            String before = rig.awaitSettled(2, 120, ports);
            assertTrue(ClusterRig.settled(before, 2), "two nodes never settled: " + before + rig.logs());

            younger.destroy(); // SIGTERM: a graceful stop with on_stop flatten
            assertTrue(younger.waitFor(90, TimeUnit.SECONDS), "the node did not stop: " + rig.logs());
            assertEquals(0, younger.exitValue(), rig.logs());
            assertTrue(rig.log(1).contains("graceful stop: 1 other node(s) of the cluster keep trading the account; "
                    + "on_stop flatten is left to the last node to stop"), rig.log(1));
            Thread.sleep(2000);
            assertTrue(!rig.log(0).contains("Flatten all ("), "the account was flattened under the oldest node: "
                    + rig.log(0));
            assertTrue(!rig.log(1).contains("graceful stop: cancelled"), "the stopping node cancelled the account's orders");
            assertTrue(sim.core().engine().orders(o -> o.orderLinkId().startsWith("flatten-")
                    || o.orderLinkId().startsWith("stop-")).isEmpty(), "flatten orders reached the simulator");
            // the stopped node's symbols come back to the oldest by its next keep-alive (every 10 s)
            String after = rig.awaitSettled(1, 60, ports[0]);
            assertTrue(ClusterRig.settled(after, 1), "the oldest node goes on with every symbol: " + after + rig.logs());
            Thread.sleep(12_000); // a few more candles on the oldest
            CandleJournal.assertNoCandleMissedOrRepeated(rig, SYMBOLS).forEach(System.out::println);
        }
    }

    @Test
    void killingTheSingletonHolderMovesEverythingToTheSurvivorsWithoutDuplicatesOrLostStops() throws Exception {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", SYMBOLS).withSpeed(Speed.times(60));
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            rig = new ClusterRig(tmp, sim.restBaseUrl());
            int[] ports = {ClusterRig.freePort(), ClusterRig.freePort(), ClusterRig.freePort()};
            node(0, ports[0], null);
            rig.awaitAnswer(ports[0], 90);
            node(1, ports[1], ports[0]);
            node(2, ports[2], ports[0]);
            String before = rig.awaitSettled(3, 120, ports);
            assertTrue(ClusterRig.settled(before, 3), "three nodes never settled: " + before + rig.logs());
            String holder = before.lines().filter(l -> l.contains("singletons")).findFirst().orElseThrow();
            assertTrue(holder.contains("127.0.0.1:" + ports[0] + " "), "the first node is the oldest: " + before);

            StopWatch stops = new StopWatch(sim);
            // trade until a position is open, so the failover has something to protect
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                 sim.core().engine().openPositions().isEmpty() && System.nanoTime() < until; ) {
                Thread.sleep(500);
            }
            assertTrue(!sim.core().engine().openPositions().isEmpty(), "no position opened: " + rig.logs());

            long signedAtKill = sim.signedRequests();
            long killed = System.nanoTime();
            java.time.LocalTime killedAt = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
            rig.node(0).destroyForcibly(); // SIGKILL
            // only the singletons call the account's REST: the next signed request is the new REST client's
            while (sim.signedRequests() == signedAtKill && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(90)) {
                Thread.sleep(20);
            }
            double failover = (System.nanoTime() - killed) / 1e9;
            System.out.println("killed at " + killedAt + " UTC; the survivors' view:");
            for (int i = 1; i <= 2; i++) {
                for (String l : rig.log(i).lines().filter(l -> l.contains("nreachable") || l.contains("SBR took")
                        || l.contains("removing") || l.contains("starting singleton") || l.contains("recovered")
                        || l.contains("Singleton manager")).toList()) {
                    System.out.println("  node " + i + ": " + l);
                }
            }
            System.out.printf("failover: %.1f s from SIGKILL of the singleton holder to the new singletons' first"
                    + " request at the simulator%n", failover);
            assertTrue(sim.signedRequests() > signedAtKill, "the singletons never came back: " + rig.logs());

            String after = rig.awaitSettled(2, 60, ports[1], ports[2]);
            assertTrue(ClusterRig.settled(after, 2), "the survivors never took everything over: " + after + rig.logs());
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
            CandleJournal.assertNoCandleMissedOrRepeated(rig, SYMBOLS).forEach(h -> System.out.println("failover: " + h));
            stops.close();
            System.out.println("longest time a position went without its stop-loss: " + stops.describe());
            assertTrue(stops.longestBareMs() <= 5_000, "a position went without a stop: " + stops.describe());
        }
    }
}
