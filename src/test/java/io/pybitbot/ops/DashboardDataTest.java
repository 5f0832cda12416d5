package io.pybitbot.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's bounded memories: the equity ring and the tape of recent fills and marks. */
class DashboardDataTest {

    private static JsonNode status(double equity, double drawdownPct) {
        return NodeReport.JSON.createObjectNode().set("risk", NodeReport.JSON.createObjectNode()
                .put("equity", equity).put("drawdownPct", drawdownPct));
    }

    @Test
    void theEquityRingKeepsTheNewestSamplesInTimeOrderAndSkipsSamplesWithoutEquity() {
        EquityHistory h = new EquityHistory(3);
        h.add(1000, status(10_000, 0));
        h.add(1000, status(9_000, 10)); // same instant: not a second x value
        h.add(2000, NodeReport.JSON.createObjectNode()); // Risk did not answer
        h.add(3000, status(9_900, 1));
        h.add(4000, status(9_800, 2));
        h.add(5000, status(10_100, 0));
        assertEquals(List.of(new EquityHistory.Point(3000, 9_900, 1), new EquityHistory.Point(4000, 9_800, 2),
                new EquityHistory.Point(5000, 10_100, 0)), h.points());
        assertEquals("[[3000,9900.0,1.0],[4000,9800.0,2.0],[5000,10100.0,0.0]]", h.json().toString());
    }

    private static AccountEvent.Execution fill(String execId, long t, String closed) {
        return new AccountEvent.Execution("BTCUSDT", execId, "o-" + execId, "link-" + execId, Side.BUY,
                new BigDecimal("50000.5"), new BigDecimal("0.01"), new BigDecimal("0.275"), new BigDecimal(closed),
                BigDecimal.ZERO, t);
    }

    @Test
    void theTapeKeepsTheLastFillsNewestFirstOnceEachAndTheMarksOfOpenPositions() {
        AccountTape tape = new AccountTape(2);
        tape.accept(fill("a", 1, "0"));
        tape.accept(fill("b", 2, "0"));
        tape.accept(fill("b", 2, "0")); // relayed again after a reconnect
        tape.accept(fill("c", 3, "0.01"));
        assertEquals(List.of("c", "b"), tape.recentFills().stream().map(AccountTape.Fill::execId).toList());

        tape.accept(new AccountEvent.PositionUpdate("BTCUSDT", Side.BUY, new BigDecimal("0.01"),
                new BigDecimal("50000"), new BigDecimal("50100"), new BigDecimal("49000"), null, null,
                new BigDecimal("1.0"), null, 5));
        assertEquals(new BigDecimal("1.0"), tape.mark("BTCUSDT").orElseThrow().unrealisedPnl());
        tape.accept(AccountEvent.PositionUpdate.flat("BTCUSDT", 6));
        assertTrue(tape.mark("BTCUSDT").isEmpty(), "a flat position keeps no mark");
    }
}
