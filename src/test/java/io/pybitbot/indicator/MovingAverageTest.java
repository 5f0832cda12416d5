package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import org.junit.jupiter.api.Test;

/** SMA and EMA on tiny hand-computed series. */
class MovingAverageTest {

    private static final double EPS = 1e-12;

    @Test
    void smaReportsNothingUntilTheWindowIsFull() {
        Sma sma = new Sma(3);
        assertEquals(3, sma.warmupPeriod());
        assertTrue(Double.isNaN(sma.update(1)));
        assertTrue(Double.isNaN(sma.update(2)));
        assertFalse(sma.isReady());
        assertEquals(2.0, sma.update(3), EPS);
        assertTrue(sma.isReady());
        assertEquals(3.0, sma.update(4), EPS);
        assertEquals(13.0 / 3, sma.update(6), EPS);
        assertEquals(13.0 / 3, sma.value(), EPS);
    }

    @Test
    void smaResumsSoHugeValuesLeaveNoResidue() {
        Sma sma = new Sma(3);
        for (int i = 0; i < 3; i++) {
            sma.update(1e17);
        }
        sma.update(1);
        sma.update(2);
        // a pure running sum would have lost the small values to rounding next to 1e17
        assertEquals(2.0, sma.update(3), EPS);
    }

    @Test
    void smaResetStartsOver() {
        Sma sma = new Sma(2);
        sma.update(100);
        sma.update(200);
        sma.reset();
        assertFalse(sma.isReady());
        assertTrue(Double.isNaN(sma.value()));
        assertTrue(Double.isNaN(sma.update(10)));
        assertEquals(15.0, sma.update(20), EPS);
    }

    @Test
    void emaIsSeededWithTheSmaOfTheFirstPeriodValues() {
        Ema ema = new Ema(3); // alpha = 0.5
        assertEquals(3, ema.warmupPeriod());
        assertTrue(Double.isNaN(ema.update(1)));
        assertTrue(Double.isNaN(ema.update(2)));
        assertFalse(ema.isReady());
        assertEquals(2.0, ema.update(3), EPS);
        assertTrue(ema.isReady());
        assertEquals(3.0, ema.update(4), EPS);
        assertEquals(4.5, ema.update(6), EPS);
    }

    @Test
    void emaFedWithCandlesUsesTheClose() {
        Ema ema = new Ema(1); // alpha = 1: the EMA is the last close
        ema.update(Candle.closed(0, 10, 12, 9, 11, 1, 11));
        assertEquals(11.0, ema.value(), EPS);
        ema.update(Candle.closed(60_000, 11, 15, 10, 14, 1, 14));
        assertEquals(14.0, ema.value(), EPS);
    }

    @Test
    void emaResetStartsOver() {
        Ema ema = new Ema(2);
        ema.update(50);
        ema.update(70);
        ema.reset();
        assertFalse(ema.isReady());
        assertTrue(Double.isNaN(ema.value()));
        ema.update(1);
        assertEquals(2.0, ema.update(3), EPS);
    }
}
