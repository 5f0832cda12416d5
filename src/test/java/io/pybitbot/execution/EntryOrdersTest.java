package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EntryOrdersTest {

    private static final ExecutionSettings SIGNAL_LEVELS = ExecutionSettings.of(new BigDecimal("5"));

    private static Verdict.Approved qty(String qty) {
        return new Verdict.Approved(new BigDecimal(qty), new BigDecimal("5"), new BigDecimal("1000"));
    }

    @Test
    void aLongRoundsQtyDownStopDownAndTargetUp() {
        Signal s = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.05, 29400.09, 31200.01, 0, "");
        OrderRequest r = EntryOrders.market(s, qty("0.16699"), BTC, SIGNAL_LEVELS, "id-1").orElseThrow();
        assertEquals("0.166", r.qty().toPlainString());
        assertEquals("29400.0", r.stopLoss().toPlainString());
        assertEquals("31200.1", r.takeProfit().toPlainString());
        assertEquals(OrderRequest.Type.MARKET, r.type());
        assertFalse(r.reduceOnly());
        assertEquals("id-1", r.orderLinkId());
        assertEquals("MarkPrice", r.toBody().get("slTriggerBy"));
    }

    @Test
    void aShortRoundsStopUpAndTargetDown() {
        Signal s = Signal.entry("strategy_b", "ETHUSDT", Side.SELL, 2000, 2040.001, 1950.009, 0, "");
        OrderRequest r = EntryOrders.market(s, qty("1.239"), ETH, SIGNAL_LEVELS, "id-2").orElseThrow();
        assertEquals("1.23", r.qty().toPlainString());
        assertEquals("2040.01", r.stopLoss().toPlainString());
        assertEquals("1950.00", r.takeProfit().toPlainString());
    }

    @Test
    void missingLevelsAreLeftOff() {
        Signal s = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000, Double.NaN, Double.NaN, 0, "");
        OrderRequest r = EntryOrders.market(s, qty("0.1"), BTC, SIGNAL_LEVELS, "id-3").orElseThrow();
        assertNull(r.stopLoss());
        assertNull(r.takeProfit());
        assertFalse(r.toBody().containsKey("tpslMode"));
    }

    @Test
    void percentModeReplacesTheSignalsLevels() {
        ExecutionSettings percent = new ExecutionSettings(new BigDecimal("5"), ExecutionConfig.OrderType.MARKET, 0.01, 0.02,
                Duration.ofSeconds(5), 100);
        Signal s = Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 1234.56, 1000, 1500, 0, "");
        OrderRequest r = EntryOrders.market(s, qty("1"), ETH, percent, "id-4").orElseThrow();
        // 1222.2144 down, 1259.2512 up (the core's golden example)
        assertEquals("1222.21", r.stopLoss().toPlainString());
        assertEquals("1259.26", r.takeProfit().toPlainString());
    }

    @Test
    void aQuantityBelowOneStepGivesNoOrder() {
        Signal s = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000, 29000, Double.NaN, 0, "");
        assertTrue(EntryOrders.market(s, qty("0.0009"), BTC, SIGNAL_LEVELS, "id-5").isEmpty());
    }

    @Test
    void anExitIsNotAnEntry() {
        Signal exit = Signal.exit("strategy_b", "BTCUSDT", Side.BUY, 30000, 0, "");
        assertThrows(IllegalArgumentException.class, () -> EntryOrders.market(exit, qty("0.1"), BTC, SIGNAL_LEVELS, "x"));
    }
}
