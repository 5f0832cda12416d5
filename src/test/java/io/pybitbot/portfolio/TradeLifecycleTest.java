package io.pybitbot.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.fill.PositionProtection;
import io.pybitbot.fill.Trigger;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.RiskState;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.Verdict;
import io.pybitbot.tpsl.TickGrid;
import io.pybitbot.tpsl.TpSlCalculator;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One trade through every rule, as the backtester will run it; all numbers worked out by hand. */
class TradeLifecycleTest {

    static final long T0 = 1_678_665_600_000L;
    static final long M5 = 300_000L;

    static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, bd(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    @Test
    void signalToClosedTrade() {
        InstrumentSpec btc = new InstrumentSpec("BTCUSDT", bd("0.1"), bd("0.001"), bd("0.001"), bd("100"), bd("5"),
                bd("100"));
        TickGrid grid = TickGrid.of(btc);
        Portfolio pf = new Portfolio(bd("10000"), T0);
        RiskRules risk = new RiskRules(new RiskLimits(4, 2.0, 1.0, 0.05, 0.2, Duration.ofMinutes(15), false),
                SizingRule.riskPerTrade(0.01, bd("5")));
        RiskState state = new RiskState();
        FillModel fills = new FillModel(FillSettings.bybitDefaults(2.0));

        // decided on the close (30000) of the candle starting at T0
        Signal signal = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.0, 29400.0, 31200.0, T0, "cross");
        Verdict.Approved ok = assertInstanceOf(Verdict.Approved.class,
                risk.checkEntry(signal, btc, pf, state, T0 + M5));
        // 10000 * 1% / 600 = 0.1666 -> 0.166
        assertMoney("0.166", ok.qty());

        Candle next = Candle.closed(T0 + M5, 30010, 30100, 29950, 30080, 1, 1);
        Fill entry = fills.marketAtOpen(Side.BUY, ok.qty(), next, btc);
        // 30010 * 1.0002 = 30016.002 -> up to 30016.1; fee 0.166 * 30016.1 * 0.00055 = 4982.6726 * 0.00055 = 2.74046993
        assertMoney("30016.1", entry.price());
        assertMoney("2.74046993", entry.fee());
        assertNull(pf.apply("BTCUSDT", "strategy_b", entry, null));

        PositionProtection protection = PositionProtection.of(TpSlCalculator.plan(TpSlRules.signalOnly(), Side.BUY,
                entry.price().doubleValue(), signal.stopLoss(), signal.takeProfit(), Double.NaN, grid), grid);
        // the entry candle itself is walked from its open: low 29950 stays above the 29400 stop
        assertEquals(Trigger.NONE, protection.onCandle(next));
        pf.mark("BTCUSDT", next.close(), next.startMs());

        // bearish O30500 -> H31250 crosses the 31200 target before the low
        Candle later = Candle.closed(T0 + 2 * M5, 30500, 31250, 30400, 30450, 1, 1);
        assertEquals(Trigger.TAKE_PROFIT, protection.onCandle(later));
        Fill exit = fills.protectiveExit(protection, pf.position("BTCUSDT").qty(), later.startMs(), btc);
        // 31200 * 0.9998 = 31193.76 -> down to 31193.7; fee 0.166 * 31193.7 * 0.00055 = 5178.1542 * 0.00055 = 2.84798481
        assertMoney("31193.7", exit.price());
        assertMoney("2.84798481", exit.fee());

        ClosedTrade trade = pf.apply("BTCUSDT", "strategy_b", exit, ExitReason.of(protection.trigger()));
        // gross 0.166 * (31193.7 - 30016.1) = 0.166 * 1177.6 = 195.4816
        // fees 2.74046993 + 2.84798481 = 5.58845474; net 189.89314526
        assertMoney("195.4816", trade.grossPnl());
        assertMoney("5.58845474", trade.fees());
        assertMoney("189.89314526", trade.netPnl());
        assertEquals(ExitReason.TAKE_PROFIT, trade.exitReason());
        assertMoney("10189.89314526", pf.balance());
        assertEquals(10189.89314526, pf.equity(), 1e-9);
        risk.onTradeClosed(state, "BTCUSDT", trade.netPnl(), trade.exitTimeMs());
        // a winning trade starts no cooldown
        assertInstanceOf(Verdict.Approved.class, risk.checkEntry(signal, btc, pf, state, later.startMs() + M5));
    }
}
