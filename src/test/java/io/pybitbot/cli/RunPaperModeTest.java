package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.node.Node;
import io.pybitbot.sim.SimSettings;
import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.Speed;
import io.pybitbot.sim.engine.SimExecution;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} in paper mode against a stand-in for Bybit's public API (a simulator replaying the bundled data):
 * the node reads market data from the stand-in, while its orders go to the in-process paper exchange and fill
 * there at the stand-in's prices; the stand-in never sees a private request.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class RunPaperModeTest {

    static final ActorTestKit testKit = ActorTestKit.create("RunPaperModeTest");

    @AfterAll
    static void down() {
        testKit.shutdownTestKit();
    }

    @Test
    void paperModeWithoutNetworkSaysWhichHostItCouldNotReachInOneLine(@TempDir Path dir) throws Exception {
        Path configs = RunHarness.configs(dir, "paper", null);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        RunCommand run = new RunCommand();
        run.config.environment(Map.of("BYBIT_BASE_URL", "http://127.0.0.1:" + closed), new Properties());
        RunHarness.Cli cli = RunHarness.Cli.of(run);
        int exit = cli.cl().execute("--config-dir", configs.toString(), "--env-file", dir.resolve("none.env").toString(),
                "--cluster-port", "0", "--status-port", "0");
        String out = cli.out().toString();
        String err = cli.err().toString();
        assertEquals(ExitCodes.RUNTIME_FAILURE, exit, out + err);
        assertTrue(out.contains("paper: reading instruments and live market data from http://127.0.0.1:" + closed),
                "the banner comes first: " + out);
        assertEquals("error: cannot reach the exchange at http://127.0.0.1:" + closed + ": connection refused by"
                + " 127.0.0.1:" + closed + "; check the network, or the host (BYBIT_BASE_URL, --exchange-url)",
                err.strip());
        assertFalse(err.contains("\tat ") || err.contains("TimeoutException"), err);
    }

    @Test
    void paperModeTradesOnPublicDataAndFillsLocally(@TempDir Path dir) throws Exception {
        Path configs = RunHarness.configs(dir, "paper", null);

        // history before the replay start covers the node's backfill (300 candles)
        SimSettings standInSettings = SimSettings.defaults().withPort(0)
                .withData("bundled", List.of("BTCUSDT", "ETHUSDT")).withSpeed(Speed.MANUAL)
                .withTimeline(3, 310, null).withKeys("stand-in-key", "stand-in-secret");
        try (SimulatedExchange standIn = SimulatedExchange.start(standInSettings, testKit.system())) {
            RunCommand run = new RunCommand();
            // the public data source is chosen by BYBIT_BASE_URL, as a user would point it
            run.config.environment(Map.of("BYBIT_BASE_URL", standIn.restBaseUrl()), new Properties());
            run.paperClock = () -> Instant.ofEpochMilli(standIn.virtualNowMs());
            CompletableFuture<SimulatedExchange> paperRef = new CompletableFuture<>();
            AtomicReference<ActorSystem<Node.Command>> systemRef = new AtomicReference<>();
            run.onPaperStart = (paper, system) -> {
                systemRef.set(system);
                paperRef.complete(paper);
            };
            RunHarness.Cli cli = RunHarness.Cli.of(run);
            StringWriter out = cli.out();
            StringWriter err = cli.err();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.cl().execute(
                    "--config-dir", configs.toString(), "--env-file", dir.resolve("none.env").toString(),
                    "--cluster-port", "0", "--status-port", "0", "--out", dir.resolve("out").toString()));

            SimulatedExchange paper = paperRef.get(30, TimeUnit.SECONDS);
            ActorSystem<Node.Command> system = systemRef.get();
            List<SimExecution> fills;
            long t0 = System.nanoTime();
            try {
                RunHarness.awaitWarm(system, List.of("BTCUSDT", "ETHUSDT"));
                // the stand-in's public stream plays Bybit's live market, one tick (100 s of market time) per 2 ms,
                // until the paper exchange has closed a position (at most 40 s)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
                while (!standIn.core().finished() && System.nanoTime() < deadline && !closedOne(paper)) {
                    standIn.step(1);
                    Thread.sleep(2);
                }
                Thread.sleep(500); // the last pushes arrive
                fills = paper.core().engine().executions(e -> true);
            } finally {
                system.terminate();
            }
            System.out.printf("paper: traded for %d ms, %d fills%n", (System.nanoTime() - t0) / 1_000_000,
                    fills.size());
            assertEquals(0, exit.get(60, TimeUnit.SECONDS), out + "\n" + err);
            assertTrue(out.toString().contains("paper: public market data from a custom URL " + standIn.restBaseUrl()),
                    out.toString());
            assertTrue(out.toString().contains("orders REST  " + paper.restBaseUrl() + " (local paper exchange)"),
                    out.toString());

            assertFalse(fills.isEmpty(), "the paper exchange filled no order\n" + out);
            assertTrue(fills.stream().anyMatch(e -> e.closedSize() != null && e.closedSize().signum() > 0),
                    "no position was closed: " + fills);
            // every fill lies within the stand-in's candle at that moment (plus slippage): prices come from its data
            for (SimExecution e : fills) {
                Candle c = candleAt(standIn, e.symbol(), e.execTime());
                assertNotNull(c, "no stand-in candle at " + e.execTime() + " for " + e);
                BigDecimal low = BigDecimal.valueOf(c.low() * 0.995);
                BigDecimal high = BigDecimal.valueOf(c.high() * 1.005);
                assertTrue(e.execPrice().compareTo(low) >= 0 && e.execPrice().compareTo(high) <= 0,
                        e + " outside " + c);
            }
            // nothing private ever reached the "real" exchange
            assertEquals(0, standIn.signedRequests(), "signed requests sent to the public exchange");
            assertTrue(standIn.core().engine().orders(o -> true).isEmpty(), "orders on the public exchange");
        }
    }

    private static boolean closedOne(SimulatedExchange paper) {
        return paper.core().engine().executions(e -> e.closedSize() != null && e.closedSize().signum() > 0)
                .size() > 0;
    }

    private static Candle candleAt(SimulatedExchange standIn, String symbol, long timeMs) {
        Interval base = standIn.core().baseInterval(symbol);
        long start = Math.floorDiv(timeMs, base.millis()) * base.millis();
        // an order fills at the open of the candle after it was placed, or on the close of the one it waited in
        List<Candle> around = standIn.core().klines(symbol, base, start - base.millis(), start, 10);
        Candle wide = null;
        for (Candle c : around) {
            wide = wide == null ? c : new Candle(wide.startMs(), wide.open(), Math.max(wide.high(), c.high()),
                    Math.min(wide.low(), c.low()), c.close(), 0, 0, true);
        }
        return wide;
    }
}
