package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.bench.NodeLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node holds 500 symbols: a simulator JVM with 500 synthetic symbols, a node JVM trading all of them against it
 * over loopback (its own journal, status API and REST budget). Scaled for CI: a fast replay and one forming-candle
 * frame per candle. Every symbol warms up on its history and acts on live candles, the node places orders, and
 * nothing went wrong: no warning at all until every symbol is warm (a failed history read, a refused request, a
 * quarantine would each log one), no 10006 from the simulator, and afterwards only the warnings a fast replay on a
 * busy machine brings by itself. Speed is printed by {@code NodeBench}, not asserted here.
 */
class FiveHundredSymbolsProcessTest {

    /**
     * At 150x a second of the node's delay is 2.5 minutes of market: an entry's TP/SL can be on the wrong side of the
     * price by the time it arrives (the ledger then enters bare and protects from the fill, and says so), and an
     * entry sized at the minimum order value on the signal's price can fall below it on the price it meets.
     */
    private static final List<String> MARKET_MOVED_PAST_THE_LEVELS = List.of(
            "the exchange refused its TP", "has no stop on the exchange; setting one",
            "is below the minimum order value");

    @TempDir
    Path dir;

    @Test
    void everySymbolWarmsUpAndTradesWithNoRequestFailedAtStart() throws Exception {
        NodeLoad.Settings s = new NodeLoad.Settings(500, 150, 300 + 200, 1, "768m", false);
        try (NodeLoad load = NodeLoad.startSimulator(s, dir)) {
            load.startNode();
            assertTrue(load.awaitWarm(Duration.ofMinutes(4)), () -> "not every symbol warm in 4 minutes:\n"
                    + String.join("\n", load.nodeOutput()));
            // with the shipped risk settings (four positions at most) the first entry may take a while to come
            boolean ordered = load.awaitOrders(Duration.ofSeconds(90));
            NodeLoad.Result r = load.measure(Duration.ofSeconds(10));
            System.out.printf("500 symbols: warm %.1f s after the node came up; %d orders, %d trades, %d live candles%n",
                    r.warmStartSeconds(), r.ordersSubmitted(), r.trades(), r.liveCandles());
            assertEquals(0, r.warningsAtStart(), () -> "warnings before every symbol was warm: " + r.warningKinds()
                    + "\n" + String.join("\n", load.nodeOutput()));
            List<String> unexpected = r.warningsAfterWarm().stream()
                    .filter(l -> MARKET_MOVED_PAST_THE_LEVELS.stream().noneMatch(l::contains)).toList();
            assertEquals(List.of(), unexpected, "warnings once trading");
            assertEquals(500, r.warm(), "symbols that said they are warm");
            assertEquals(500, r.live(), "symbols live in the status API");
            assertEquals(0, r.quarantined());
            assertEquals(500, r.symbolsActing(), "symbols that acted on a live candle");
            assertTrue(ordered && r.ordersSubmitted() > 0, "the node placed orders");
            assertEquals(0, r.rateLimited(), "requests the simulator refused with 10006");
        }
    }
}
