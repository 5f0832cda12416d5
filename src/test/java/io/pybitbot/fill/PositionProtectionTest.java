package io.pybitbot.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.tpsl.ProtectionPlan;
import io.pybitbot.tpsl.TickGrid;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the intra-candle rules. Path: O -> L -> H -> C when close >= open, O -> H -> L -> C
 * otherwise; stop wins when stop and target are both inside one candle; gaps trigger at the open.
 */
class PositionProtectionTest {

    private static final TickGrid TICK = new TickGrid(0.1);
    private static final double NONE = Double.NaN;

    private static Candle candle(double o, double h, double l, double c) {
        return Candle.closed(0, o, h, l, c, 1, 1);
    }

    private static PositionProtection longAt100(double stop, double target) {
        return PositionProtection.of(ProtectionPlan.fixed(Side.BUY, 100.0, stop, target), TICK);
    }

    @Test
    void stopTriggersAtItsLevelWhenPriceMovesThrough() {
        PositionProtection p = longAt100(98.0, 104.0);
        // bearish O100.5 -> H101 -> L97.5: low crosses 98.0 -> exit triggered at 98.0
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(100.5, 101, 97.5, 99)));
        assertEquals(98.0, p.exitPrice());
    }

    @Test
    void gapThroughStopTriggersAtTheWorseOpen() {
        PositionProtection p = longAt100(98.0, 104.0);
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(97.0, 97.5, 96.0, 97.2)));
        assertEquals(97.0, p.exitPrice());
    }

    @Test
    void targetTriggersAtItsLevel() {
        PositionProtection p = longAt100(98.0, 104.0);
        assertEquals(Trigger.TAKE_PROFIT, p.onCandle(candle(101, 104.2, 100.5, 103)));
        assertEquals(104.0, p.exitPrice());
    }

    @Test
    void gapThroughTargetTriggersAtTheOpen() {
        PositionProtection p = longAt100(98.0, 104.0);
        assertEquals(Trigger.TAKE_PROFIT, p.onCandle(candle(105, 106, 104.5, 105.5)));
        assertEquals(105.0, p.exitPrice());
    }

    @Test
    void stopWinsWhenStopAndTargetAreBothInsideOneCandle() {
        PositionProtection p = longAt100(98.0, 104.0);
        // bearish: the path O -> H (104.5) would reach the target first, but we cannot know, so: stop at 98.0
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(100.2, 104.5, 97.9, 99)));
        assertEquals(98.0, p.exitPrice());
    }

    @Test
    void quietCandleTriggersNothingAndMovesNothing() {
        PositionProtection p = longAt100(98.0, 104.0);
        assertEquals(Trigger.NONE, p.onCandle(candle(100, 103.9, 98.1, 101)));
        assertFalse(p.stopMoved());
        assertTrue(Double.isNaN(p.exitPrice()));
        assertEquals(103.9, p.bestPrice());
    }

    @Test
    void trailingArmsAndTriggersInsideABearishCandle() {
        // stop 95, trail distance 2.0 armed at 103.0
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 95.0, NONE, 2.0, 103.0, NONE, NONE), TICK);
        // O102.5 (below 103, not armed) -> H104.0: armed, trail = 104.0 - 2.0 = 102.0 -> L101.5 <= 102.0: out at 102.0
        assertEquals(Trigger.TRAILING_STOP, p.onCandle(candle(102.5, 104.0, 101.5, 101.8)));
        assertEquals(102.0, p.exitPrice());
    }

    @Test
    void sameExtremesInABullishCandleSurviveBecauseTheLowCameFirst() {
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 95.0, NONE, 2.0, 103.0, NONE, NONE), TICK);
        // O101.6 -> L101.5 (trail not armed, stop 95) -> H104.0: trail 102.0 -> C103.5 > 102.0: still open
        assertEquals(Trigger.NONE, p.onCandle(candle(101.6, 104.0, 101.5, 103.5)));
        assertTrue(p.trailingArmed());
        assertEquals(102.0, p.trailingStop());
        assertEquals(102.0, p.effectiveStop());
        assertTrue(p.stopMoved());
        // next bearish candle: O103 -> H103.2 (best stays 104.0, trail stays 102.0) -> L101.9: triggered at 102.0
        assertEquals(Trigger.TRAILING_STOP, p.onCandle(candle(103.0, 103.2, 101.9, 102.5)));
        assertEquals(102.0, p.exitPrice());
    }

    @Test
    void trailingNeverLoosens() {
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 95.0, NONE, 2.0, NONE, NONE, NONE), TICK);
        // armed at once: 100.0 - 2.0 = 98.0
        assertEquals(98.0, p.trailingStop());
        p.onCandle(candle(100, 105.3, 99.9, 105));   // best 105.3 -> 103.3
        assertEquals(103.3, p.trailingStop());
        p.onCandle(candle(104.9, 105.0, 103.4, 103.5)); // lower highs: stays 103.3
        assertEquals(103.3, p.trailingStop());
        assertFalse(p.stopMoved());
    }

    @Test
    void breakEvenMovesTheStopAndReportsItsOwnTrigger() {
        // stop 98, target 110, break-even once 102.0 is reached: stop -> 100.2 (entry + 2 ticks)
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 98.0, 110.0, NONE, NONE, 102.0, 100.2), TICK);
        // bullish O100 -> L99.5 (above 98) -> H102.5 (trigger reached, stop 100.2) -> C102.2
        assertEquals(Trigger.NONE, p.onCandle(candle(100, 102.5, 99.5, 102.2)));
        assertEquals(100.2, p.stopLoss());
        assertTrue(p.breakEvenApplied());
        assertTrue(p.stopMoved());
        // bearish O101 -> H101.2 -> L100.0 <= 100.2
        assertEquals(Trigger.BREAK_EVEN_STOP, p.onCandle(candle(101, 101.2, 100.0, 100.1)));
        assertEquals(100.2, p.exitPrice());
    }

    @Test
    void breakEvenMoveLaterInTheSameCandleCanStopOut() {
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 98.0, 110.0, NONE, NONE, 102.0, 100.2), TICK);
        // bearish O100.5 -> H102.1 (stop -> 100.2) -> L100.1: out at 100.2 in the same candle
        assertEquals(Trigger.BREAK_EVEN_STOP, p.onCandle(candle(100.5, 102.1, 100.1, 100.3)));
        assertEquals(100.2, p.exitPrice());
    }

    @Test
    void shortStopAndTargetMirrorTheLong() {
        PositionProtection p = PositionProtection.of(ProtectionPlan.fixed(Side.SELL, 100.0, 102.0, 96.0), TICK);
        // bullish O99.5 -> L99.0 (favourable, target 96 not reached) -> H102.3 >= 102.0: stop at 102.0
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(99.5, 102.3, 99.0, 100)));
        assertEquals(102.0, p.exitPrice());

        PositionProtection q = PositionProtection.of(ProtectionPlan.fixed(Side.SELL, 100.0, 102.0, 96.0), TICK);
        assertEquals(Trigger.TAKE_PROFIT, q.onCandle(candle(99, 99.5, 95.8, 96.5)));
        assertEquals(96.0, q.exitPrice());
    }

    @Test
    void shortTrailingFollowsTheLow() {
        // short at 100, trail 1.5 armed once price reaches 98.0
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.SELL, 100.0, 103.0, NONE, 1.5, 98.0, NONE, NONE), TICK);
        // bullish O99.0 -> L97.0: armed, trail = 97.0 + 1.5 = 98.5 -> H99.2 >= 98.5: trailing stop at 98.5
        assertEquals(Trigger.TRAILING_STOP, p.onCandle(candle(99.0, 99.2, 97.0, 99.1)));
        assertEquals(98.5, p.exitPrice());
    }

    @Test
    void stopAlreadyCrossedByTheEntryFillExitsAtTheOpen() {
        // entry filled at 97.5 after a gap below the signal's stop at 98.0
        PositionProtection p = PositionProtection.of(ProtectionPlan.fixed(Side.BUY, 97.5, 98.0, 104.0), TICK);
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(97.5, 98.5, 97.0, 98.2)));
        assertEquals(97.5, p.exitPrice());
    }

    @Test
    void closedProtectionRefusesMoreCandlesUntilReset() {
        PositionProtection p = longAt100(98.0, 104.0);
        p.onCandle(candle(97.0, 97.5, 96.0, 97.2));
        assertThrows(IllegalStateException.class, () -> p.onCandle(candle(97, 98, 96, 97)));
        p.reset(ProtectionPlan.fixed(Side.SELL, 50.0, 51.0, NONE));
        assertEquals(Trigger.NONE, p.trigger());
        assertEquals(Trigger.STOP_LOSS, p.onCandle(candle(50.5, 51.0, 50.2, 50.8)));
        assertEquals(51.0, p.exitPrice());
    }

    @Test
    void livePriceUpdatesTrailTheStopWithoutTriggering() {
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 95.0, NONE, 2.0, 103.0, NONE, NONE), TICK);
        assertFalse(p.onPrice(102.9));       // not armed yet
        assertTrue(p.onPrice(103.45));       // armed: 103.45 - 2 = 101.45 -> down to 101.4
        assertEquals(101.4, p.effectiveStop());
        assertFalse(p.onPrice(90));          // exchange handles triggers; the stop never loosens
        assertEquals(101.4, p.effectiveStop());
        assertEquals(Trigger.NONE, p.trigger());
    }
}
