package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.portfolio.ExitReason;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    static ExecutionInfo fill(String symbol, String side, String price, String qty, String fee, String linkId, long t) {
        BigDecimal p = new BigDecimal(price);
        BigDecimal q = new BigDecimal(qty);
        return new ExecutionInfo("linear", symbol, "e" + t, "o" + t, linkId, side, p, q, p.multiply(q),
                new BigDecimal(fee), null, "USDT", "Trade", false, null, null, BigDecimal.ZERO, null, q, "Market", p, t, t);
    }

    @Test
    void replaysFillsThroughThePortfolio() {
        var r = RunSummary.from("run", new BigDecimal("1000"), List.of(
                        fill("BTCUSDT", "Buy", "100", "2", "0.11", "b-1", 1000),
                        fill("BTCUSDT", "Sell", "110", "2", "0.121", "", 2000),          // TP on the exchange
                        fill("ETHUSDT", "Sell", "50", "1", "0.0275", "a-2", 1500),
                        fill("ETHUSDT", "Buy", "55", "1", "0.03025", "", 2500),           // stop on the exchange
                        fill("BTCUSDT", "Buy", "1", "0", "0", "x", 3000)),               // zero qty: ignored
                id -> id.startsWith("b-") ? "strategy_b" : "strategy_a", Map.of());
        assertEquals(2, r.trades().size());
        var btc = r.trades().get(0);
        assertEquals("strategy_b", btc.strategy());
        assertEquals(ExitReason.TAKE_PROFIT, btc.exitReason());
        assertEquals(0, new BigDecimal("20").compareTo(btc.grossPnl()));
        var eth = r.trades().get(1);
        assertEquals("strategy_a", eth.strategy());
        assertEquals(ExitReason.STOP_LOSS, eth.exitReason());
        assertEquals(0, new BigDecimal("-5").compareTo(eth.grossPnl()));
        assertEquals(1000 + 20 - 0.231 - 5 - 0.05775, r.finalEquity(), 1e-9);
        assertEquals(1, r.perSymbol().get("BTCUSDT").trades());
    }

    @Test
    void aLiquidationIsATradeOfTheRunWithItsOwnExitReasonAndFundingIsNoFill() {
        ExecutionInfo entry = fill("BTCUSDT", "Buy", "100", "10", "0.55", "b-1", 1000);
        ExecutionInfo f = fill("BTCUSDT", "Sell", "91", "10", "0.5", "", 2000);
        ExecutionInfo bust = typed(f, "BustTrade");
        ExecutionInfo funding = typed(fill("BTCUSDT", "Sell", "95", "10", "0.3", "", 1500), "Funding");
        var r = RunSummary.from("run", new BigDecimal("1000"), List.of(entry, funding, bust),
                id -> "strategy_b", Map.of());
        assertEquals(1, r.trades().size(), r.trades().toString());
        assertEquals(ExitReason.LIQUIDATION, r.trades().get(0).exitReason());
        assertEquals(0, new BigDecimal("-90").compareTo(r.trades().get(0).grossPnl()));
        // the funding row is no fill, but what it paid (its fee) is the trade's funding, in its net PnL
        assertEquals(0, new BigDecimal("-0.3").compareTo(r.trades().get(0).funding()));
        assertEquals(0, new BigDecimal("-91.35").compareTo(r.trades().get(0).netPnl()), r.trades().get(0).netPnl()
                .toPlainString());
    }

    @Test
    void fundingReceivedWhileOpenRaisesTheTradesNet() {
        var r = RunSummary.from("run", new BigDecimal("1000"), List.of(
                        fill("ETHUSDT", "Sell", "50", "1", "0", "a-1", 1000),
                        typed(fill("ETHUSDT", "Sell", "50", "1", "-0.025", "", 1500), "Funding"),
                        fill("ETHUSDT", "Buy", "50", "1", "0", "a-2", 2000)),
                id -> "strategy_a", Map.of());
        assertEquals(0, new BigDecimal("0.025").compareTo(r.trades().get(0).funding()));
        assertEquals(1000.025, r.finalEquity(), 1e-9);
    }

    private static ExecutionInfo typed(ExecutionInfo e, String execType) {
        return new ExecutionInfo(e.category(), e.symbol(), e.execId(), e.orderId(), e.orderLinkId(), e.side(),
                e.execPrice(), e.execQty(), e.execValue(), e.execFee(), e.feeRate(), e.feeCurrency(), execType,
                e.isMaker(), e.closedSize(), e.execPnl(), e.leavesQty(), e.orderPrice(), e.orderQty(), e.orderType(),
                e.markPrice(), e.execTime(), e.seq());
    }
}
