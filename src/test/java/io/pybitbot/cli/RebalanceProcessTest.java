package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.PositionView;
import io.pybitbot.sim.engine.SimOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node joins a running cluster, with real processes: one {@code run} node JVM trades both symbols against a
 * standalone simulator (60x) with a PostgreSQL journal; a second joins mid-run and sharding hands one symbol over to
 * it. Asserted from the journal and the simulator's records: the moved symbol's old owner and new owner together acted
 * on every closed candle once (none skipped in the handover, none twice), no intent was placed twice, every open
 * position has its stop. The handover's timing is printed. Then the younger node is SIGKILLed: with two nodes the
 * oldest keeps trading (keep-oldest) and takes the symbol back, again without a hole.
 */
class RebalanceProcessTest {

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

    /** The symbols the status line of the node at {@code port} lists. */
    private static String symbolsOf(String status, int port) {
        return status.lines().filter(l -> l.contains("127.0.0.1:" + port + " ")).findFirst()
                .map(l -> l.substring(l.indexOf("symbols:") + "symbols:".length()).trim()).orElse("");
    }

    @Test
    void aJoiningNodeTakesOverASymbolAndTheOldestTakesItBackWhenTheNewcomerIsKilledWithoutAHoleOrARepeat() throws Exception {
        SimSettings settings = SimSettings.defaults().withPort(0).withData("bundled", SYMBOLS).withSpeed(Speed.times(60));
        try (SimulatedExchange sim = SimulatedExchange.start(settings, testKit.system())) {
            rig = new ClusterRig(tmp, sim.restBaseUrl());
            int[] ports = {ClusterRig.freePort(), ClusterRig.freePort()};
            rig.start(0, ports[0], null, 2, Path.of("configs"));
            String alone = rig.awaitSettled(1, 120, ports[0]);
            assertTrue(ClusterRig.settled(alone, 1), "the first node never ran both symbols: " + alone + rig.logs());
            assertEquals("BTCUSDT, ETHUSDT", symbolsOf(alone, ports[0]), alone);
            // trade until an order is placed, so the handover has intents to not repeat
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                 sim.core().engine().orders(o -> true).isEmpty() && System.nanoTime() < until; ) {
                Thread.sleep(500);
            }
            assertFalse(sim.core().engine().orders(o -> true).isEmpty(), "no order placed: " + rig.logs());

            rig.start(1, ports[1], ports[0], 2, Path.of("configs"));
            String both = "";
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < until;
                 Thread.sleep(1000)) {
                both = rig.status(ports);
                if (ClusterRig.settled(both, 2) && !symbolsOf(both, ports[1]).equals("none")
                        && !symbolsOf(both, ports[1]).isEmpty()) {
                    break;
                }
            }
            assertTrue(ClusterRig.settled(both, 2) && !symbolsOf(both, ports[1]).equals("none"),
                    "no symbol moved to the joining node: " + both + rig.logs());
            System.out.println("after the join:\n" + both);
            Thread.sleep(20_000); // four more candles, on two owners

            List<String> handovers = CandleJournal.assertNoCandleMissedOrRepeated(rig, SYMBOLS);
            handovers.forEach(h -> System.out.println("rebalance: " + h));
            assertFalse(handovers.isEmpty(), "the journal shows no symbol changing owner");
            List<SimOrder> orders = sim.core().engine().orders(o -> true);
            Set<String> links = new HashSet<>();
            for (SimOrder o : orders) {
                assertTrue(links.add(o.orderLinkId()), "placed twice: " + o.orderLinkId());
            }
            for (PositionView p : sim.core().engine().openPositions()) {
                assertTrue(p.stopLoss() != null && p.stopLoss().signum() > 0, "a position without a stop: " + p);
            }
            System.out.println("orders at the simulator: " + orders.size());

            // two nodes, keep-oldest: SIGKILL the younger; the oldest downs it, takes its symbol back and goes on
            rig.node(1).destroyForcibly();
            long killed = System.nanoTime();
            String after = rig.awaitSettled(1, 90, ports[0]);
            assertTrue(ClusterRig.settled(after, 1), "the oldest did not take everything back: " + after + rig.logs());
            System.out.printf("two nodes: the younger SIGKILLed, the oldest runs every symbol again %.1f s later%n",
                    (System.nanoTime() - killed) / 1e9);
            Thread.sleep(10_000); // two more candles on the survivor
            List<String> back = CandleJournal.assertNoCandleMissedOrRepeated(rig, SYMBOLS);
            back.forEach(h -> System.out.println("after the kill: " + h));
            assertTrue(back.size() > handovers.size(), "the younger node's symbol never came back: " + back);
            assertTrue(rig.node(0).isAlive(), "the oldest node went down with the younger: " + rig.logs());
        }
    }
}
