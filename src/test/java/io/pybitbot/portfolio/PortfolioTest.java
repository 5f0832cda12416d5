package io.pybitbot.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.Liquidity;
import io.pybitbot.fill.Trigger;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.RiskState;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Golden accounting tests; the arithmetic is in the comments. */
class PortfolioTest {

    static final long T0 = 1_678_665_600_000L; // 2023-03-13T00:00Z
    static final long MIN = 60_000L;
    static final long HOUR = 60 * MIN;
    static final double EPS = 1e-9;

    private final Portfolio pf = new Portfolio(bd("10000"), T0);

    static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    static Fill fill(Side side, String qty, String price, String fee, long t) {
        return new Fill(side, bd(qty), bd(price), bd(fee), Liquidity.TAKER, t);
    }

    static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, bd(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    @Test
    void longRoundTrip() {
        assertNull(pf.apply("BTCUSDT", "strategy_b", fill(Side.BUY, "0.5", "30006.0", "8.25165", T0 + 5 * MIN), null));
        // cash 10000 - 8.25165 = 9991.74835, nothing unrealized at the fill price
        assertMoney("9991.74835", pf.balance());
        assertEquals(9991.74835, pf.equity(), EPS);
        assertEquals(1, pf.openPositionCount());

        pf.mark("BTCUSDT", 30600.0, T0 + 10 * MIN);
        // unrealized 0.5 * (30600 - 30006) = 297; equity 10288.74835, a new peak
        assertEquals(297.0, pf.unrealizedPnl(), EPS);
        assertEquals(10288.74835, pf.equity(), EPS);
        assertEquals(10288.74835, pf.peakEquity(), EPS);
        // exposure 0.5 * 30600 = 15300
        assertEquals(15300.0, pf.totalExposure(), EPS);

        ClosedTrade t = pf.apply("BTCUSDT", "strategy_b", fill(Side.SELL, "0.5", "30594.0", "8.41335", T0 + 15 * MIN),
                ExitReason.TAKE_PROFIT);
        // gross 0.5 * (30594 - 30006) = 294; fees 8.25165 + 8.41335 = 16.665; net 277.335
        assertMoney("294", t.grossPnl());
        assertMoney("16.665", t.fees());
        assertMoney("277.335", t.netPnl());
        assertTrue(t.isWin());
        assertEquals(Side.BUY, t.side());
        assertEquals(T0 + 5 * MIN, t.entryTimeMs());
        assertEquals(T0 + 15 * MIN, t.exitTimeMs());
        assertEquals("strategy_b", t.strategy());
        assertEquals(ExitReason.TAKE_PROFIT, t.exitReason());
        // cash 10000 + 294 - 16.665 = 10277.335
        assertMoney("10277.335", pf.balance());
        assertMoney("16.665", pf.feesPaid());
        assertEquals(0, pf.openPositionCount());
        assertEquals(0.0, pf.totalExposure(), EPS);
        // drawdown from the 10288.74835 peak: 11.41335 / 10288.74835
        assertEquals(11.41335 / 10288.74835, pf.drawdown(), 1e-12);
        assertEquals(pf.drawdown(), pf.maxDrawdown(), 1e-15);
    }

    @Test
    void shortRoundTrip() {
        pf.apply("ETHUSDT", "strategy_a", fill(Side.SELL, "2", "100.0", "0.11", T0), null);
        pf.mark("ETHUSDT", 103.0, T0 + MIN);
        // short loses when price rises: -(2 * 3) = -6
        assertEquals(-6.0, pf.unrealizedPnl(), EPS);
        ClosedTrade t = pf.apply("ETHUSDT", "strategy_a", fill(Side.BUY, "2", "95.0", "0.1045", T0 + 2 * MIN),
                ExitReason.SIGNAL);
        // gross -(2 * (95 - 100)) = 10; net 10 - 0.2145 = 9.7855
        assertMoney("10", t.grossPnl());
        assertMoney("9.7855", t.netPnl());
        assertEquals(Side.SELL, t.side());
    }

    @Test
    void partialCloseSharesTheEntryFeeProRata() {
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "1.0", "100", "0.055", T0), null);
        ClosedTrade t = pf.apply("SOLUSDT", "strategy_b", fill(Side.SELL, "0.4", "110", "0.0242", T0 + MIN),
                ExitReason.SIGNAL);
        // closes 0.4: gross 0.4 * 10 = 4; entry fee share 0.055 * 0.4 = 0.022; fees 0.022 + 0.0242 = 0.0462
        assertMoney("0.4", t.qty());
        assertMoney("4", t.grossPnl());
        assertMoney("0.0462", t.fees());
        Position left = pf.position("SOLUSDT");
        assertMoney("0.6", left.qty());
        assertMoney("100", left.entryPrice());
        assertMoney("0.033", left.openFees());
    }

    @Test
    void reversalClosesThenOpensTheRemainder() {
        pf.apply("SOLUSDT", "strategy_a", fill(Side.BUY, "1.0", "100", "0.055", T0), null);
        ClosedTrade t = pf.apply("SOLUSDT", "strategy_b", fill(Side.SELL, "1.5", "90", "0.07425", T0 + MIN),
                ExitReason.REVERSAL);
        // closes the 1.0 long: gross 1.0 * (90 - 100) = -10; exit fee share 0.07425 * 1.0 / 1.5 = 0.0495
        // fees 0.055 + 0.0495 = 0.1045
        assertMoney("-10", t.grossPnl());
        assertMoney("0.1045", t.fees());
        assertEquals("strategy_a", t.strategy());
        assertFalse(t.isWin());
        Position p = pf.position("SOLUSDT");
        assertEquals(Side.SELL, p.side());
        assertMoney("0.5", p.qty());
        assertMoney("90", p.entryPrice());
        // the rest of the fill's fee belongs to the new short: 0.07425 - 0.0495 = 0.02475
        assertMoney("0.02475", p.openFees());
        assertEquals("strategy_b", p.strategy());
        // cash 10000 - 10 - 0.055 - 0.07425 = 9989.87075
        assertMoney("9989.87075", pf.balance());
    }

    @Test
    void addingAveragesTheEntryPrice() {
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "1", "100", "0", T0), null);
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "1", "110", "0", T0 + MIN), null);
        // (1 * 100 + 1 * 110) / 2 = 105
        Position p = pf.position("SOLUSDT");
        assertMoney("105", p.entryPrice());
        assertMoney("2", p.qty());
        // marked at the last fill 110: 2 * (110 - 105) = 10
        assertEquals(10.0, pf.unrealizedPnl(), EPS);
    }

    @Test
    void dailyPnlRollsOverAtUtcMidnight() {
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "1", "100", "0", T0 + HOUR), null);
        pf.mark("SOLUSDT", 90.0, T0 + 23 * HOUR);
        // day 1: 10000 -> 9990
        assertEquals(-10.0, pf.dailyPnl(), EPS);
        assertEquals(10_000.0, pf.dayStartEquity(), EPS);
        pf.mark("SOLUSDT", 92.0, T0 + 24 * HOUR + 5 * MIN);
        // day 2 starts from the last equity of day 1 (9990); now 9992
        assertEquals(9_990.0, pf.dayStartEquity(), EPS);
        assertEquals(2.0, pf.dailyPnl(), EPS);
        assertEquals(T0 / 86_400_000L + 1, pf.utcDay());
        assertEquals(92.0, pf.symbolExposure("SOLUSDT"), EPS);
        assertTrue(pf.hasPosition("SOLUSDT"));
        assertFalse(pf.hasPosition("BTCUSDT"));
        // peak stays at the initial 10000; max drawdown was at 9990: 0.1%
        assertEquals(10_000.0, pf.peakEquity(), EPS);
        assertEquals(0.001, pf.maxDrawdown(), 1e-12);
    }

    @Test
    void closingFillNeedsAReason() {
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "1", "100", "0", T0), null);
        assertThrows(NullPointerException.class,
                () -> pf.apply("SOLUSDT", "strategy_b", fill(Side.SELL, "1", "101", "0", T0), null));
    }

    @Test
    void exitReasonsMapFromTriggers() {
        assertEquals(ExitReason.TRAILING_STOP, ExitReason.of(Trigger.TRAILING_STOP));
        assertEquals(ExitReason.BREAK_EVEN_STOP, ExitReason.of(Trigger.BREAK_EVEN_STOP));
        assertThrows(IllegalArgumentException.class, () -> ExitReason.of(Trigger.NONE));
    }

    @Test
    void portfolioFeedsTheRiskRulesDirectly() {
        InstrumentSpec btc = new InstrumentSpec("BTCUSDT", bd("0.1"), bd("0.001"), bd("0.001"), bd("100"), bd("5"),
                bd("100"));
        RiskRules rules = new RiskRules(new RiskLimits(4, 2.0, 1.0, 0.05, 0.2, Duration.ofMinutes(15), false),
                SizingRule.riskPerTrade(0.01, bd("5")));
        RiskState state = new RiskState();
        Signal sig = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.0, 29400.0, Double.NaN, T0, "x");
        pf.apply("SOLUSDT", "strategy_b", fill(Side.BUY, "10", "100", "0", T0), null);
        pf.mark("SOLUSDT", 79.0, T0 + MIN);
        // equity 10000 - 10 * 21 = 9790: a 2.1% day loss, under the 5% limit
        assertTrue(rules.checkEntry(sig, btc, pf, state, T0 + MIN).approved());
        pf.mark("SOLUSDT", 50.0, T0 + 2 * MIN);
        // equity 9500: 5% day loss
        Verdict v = rules.checkEntry(sig, btc, pf, state, T0 + 2 * MIN);
        assertEquals(DenyReason.DAILY_LOSS_LIMIT, ((Verdict.Denied) v).reason());
    }
}
