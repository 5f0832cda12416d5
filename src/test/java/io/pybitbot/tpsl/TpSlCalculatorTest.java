package io.pybitbot.tpsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import org.junit.jupiter.api.Test;

class TpSlCalculatorTest {

    private static final TickGrid CENT = new TickGrid(0.01);

    @Test
    void percentLevelsRoundAwayFromTheMarketForALong() {
        ProtectionPlan p = TpSlCalculator.plan(TpSlRules.percent(0.01, 0.02), Side.BUY, 1234.56, Double.NaN,
                Double.NaN, Double.NaN, CENT);
        // stop: 1234.56 - 1% (12.3456) = 1222.2144 -> down to 1222.21
        assertEquals(1222.21, p.stopLoss());
        // target: 1234.56 + 2% (24.6912) = 1259.2512 -> up to 1259.26
        assertEquals(1259.26, p.takeProfit());
        assertFalse(p.hasTrailing());
        assertFalse(p.hasBreakEven());
    }

    @Test
    void percentLevelsRoundAwayFromTheMarketForAShort() {
        ProtectionPlan p = TpSlCalculator.plan(TpSlRules.percent(0.01, 0.02), Side.SELL, 1234.56, Double.NaN,
                Double.NaN, Double.NaN, CENT);
        // stop: 1234.56 + 12.3456 = 1246.9056 -> up to 1246.91
        assertEquals(1246.91, p.stopLoss());
        // target: 1234.56 - 24.6912 = 1209.8688 -> down to 1209.86
        assertEquals(1209.86, p.takeProfit());
    }

    @Test
    void zeroTakeProfitMeansNoTarget() {
        ProtectionPlan p = TpSlCalculator.plan(TpSlRules.percent(0.01, 0), Side.BUY, 100, Double.NaN, Double.NaN,
                Double.NaN, CENT);
        assertTrue(Double.isNaN(p.takeProfit()));
    }

    @Test
    void atrLevelsWithTrailingAndBreakEven() {
        TpSlRules rules = TpSlRules.atr(2.0, 3.0)
                .withTrailing(new TrailingRule(true, 1.5, 1.0))
                .withBreakEven(new BreakEvenRule(true, 1.0, 2));
        ProtectionPlan p = TpSlCalculator.plan(rules, Side.BUY, 100.0, Double.NaN, Double.NaN, 1.234, CENT);
        // stop 100 - 2 * 1.234 = 97.532 -> 97.53; target 100 + 3.702 = 103.702 -> 103.71
        assertEquals(97.53, p.stopLoss());
        assertEquals(103.71, p.takeProfit());
        // activation 100 + 1.5 * 1.234 = 101.851 -> 101.86; distance 1.234 -> 1.24 (wider is safer)
        assertEquals(101.86, p.trailingActivation());
        assertEquals(1.24, p.trailingDistance());
        // break-even trigger 100 + 1.234 = 101.234 -> 101.24; stop at entry + 2 ticks = 100.02
        assertEquals(101.24, p.breakEvenTrigger());
        assertEquals(100.02, p.breakEvenStop());
    }

    @Test
    void shortBreakEvenStopSitsBelowEntry() {
        TpSlRules rules = TpSlRules.atr(2.0, 0).withBreakEven(new BreakEvenRule(true, 1.0, 3));
        ProtectionPlan p = TpSlCalculator.plan(rules, Side.SELL, 50.00, Double.NaN, Double.NaN, 0.5, CENT);
        // stop 50 + 1.0 = 51.00; trigger 50 - 0.5 = 49.50; break-even stop 50 - 3 ticks = 49.97
        assertEquals(51.00, p.stopLoss());
        assertEquals(49.50, p.breakEvenTrigger());
        assertEquals(49.97, p.breakEvenStop());
        assertTrue(Double.isNaN(p.takeProfit()));
    }

    @Test
    void signalModeTakesTheStrategysLevelsRoundedConservatively() {
        ProtectionPlan p = TpSlCalculator.plan(TpSlRules.signalOnly(), Side.BUY, 100.0, 97.555, 104.441, Double.NaN,
                CENT);
        assertEquals(97.55, p.stopLoss());
        assertEquals(104.45, p.takeProfit());
    }

    @Test
    void trailingIsActivatedImmediatelyWhenActivationMultipleIsZero() {
        TpSlRules rules = TpSlRules.signalOnly().withTrailing(new TrailingRule(true, 0, 2.0));
        ProtectionPlan p = TpSlCalculator.plan(rules, Side.BUY, 100.0, 95, Double.NaN, 1.0, CENT);
        assertTrue(Double.isNaN(p.trailingActivation()));
        assertEquals(2.0, p.trailingDistance());
    }

    @Test
    void atrIsRequiredWhenTheRulesUseIt() {
        TpSlRules rules = TpSlRules.atr(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TpSlCalculator.plan(rules, Side.BUY, 100, Double.NaN, Double.NaN, Double.NaN, CENT));
        assertTrue(e.getMessage().contains("ATR"), e.getMessage());
    }

    @Test
    void trailOnlyEverTightens() {
        // long: best 104.07, distance 2 -> 102.07 above the old 95
        double s = TpSlCalculator.trail(Side.BUY, 95.0, 104.07, 2.0, CENT);
        assertEquals(102.07, s);
        // a lower best price would give 101.00: keep 102.07
        assertEquals(102.07, TpSlCalculator.trail(Side.BUY, s, 103.0, 2.0, CENT));
        // short: best 95.5, distance 1.25 -> 96.75; never back up
        double t = TpSlCalculator.trail(Side.SELL, Double.NaN, 95.5, 1.25, CENT);
        assertEquals(96.75, t);
        assertEquals(96.75, TpSlCalculator.trail(Side.SELL, t, 96.0, 1.25, CENT));
        assertEquals(96.25, TpSlCalculator.trail(Side.SELL, t, 95.0, 1.25, CENT));
    }

    @Test
    void invalidRuleParametersAreRejectedWithTheirConfigName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TpSlRules.percent(1.5, 0.02));
        assertTrue(e.getMessage().contains("stop_loss_pct"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrailingRule(true, 1.0, 0));
        assertTrue(e.getMessage().contains("distance_atr_multiple"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StopMode.parse("fancy"));
        assertTrue(e.getMessage().contains("fancy"), e.getMessage());
        assertEquals(StopMode.ATR, StopMode.parse("ATR"));
        assertEquals(StopMode.PERCENT, StopMode.parse("pct"));
    }
}
