package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ADX/DMI, rolling max/min, rolling VWAP and Cross on tiny hand-computed series. */
class TrendTest {

    private static final double EPS = 1e-9;

    @Test
    void adxFollowsWildersDirectionalMovement() {
        Adx adx = new Adx(2);
        assertEquals(4, adx.warmupPeriod());
        assertTrue(Double.isNaN(adx.update(10, 8, 9)));
        assertTrue(Double.isNaN(adx.update(12, 9, 11)));  // +DM 2, TR 3
        assertTrue(Double.isNaN(adx.update(13, 10, 12))); // +DM 1, TR 3: +DI 50, -DI 0, DX 100
        assertTrue(Double.isNaN(adx.plusDi()));
        assertFalse(adx.isReady());
        // -DM 2, TR 4: smoothed TR 3.5, +DM 0.75, -DM 1 -> DX 100/7; ADX = mean(100, 100/7)
        assertEquals(400.0 / 7, adx.update(12, 8, 9), EPS);
        assertTrue(adx.isReady());
        assertEquals(75 / 3.5, adx.plusDi(), EPS);
        assertEquals(100 / 3.5, adx.minusDi(), EPS);
        // inside bar: no DM, TR 2 -> TR 2.75, +DM 0.375, -DM 0.5, DX 100/7
        assertEquals(250.0 / 7, adx.update(11, 9, 10), EPS);
        assertEquals(37.5 / 2.75, adx.plusDi(), EPS);
        assertEquals(50 / 2.75, adx.minusDi(), EPS);
        assertEquals(adx.adx(), adx.value(), 0);
    }

    @Test
    void adxResetStartsOver() {
        Adx adx = new Adx(2);
        double[][] bars = {{10, 8, 9}, {12, 9, 11}, {13, 10, 12}, {12, 8, 9}};
        for (double[] b : bars) {
            adx.update(b[0], b[1], b[2]);
        }
        adx.reset();
        assertFalse(adx.isReady());
        assertTrue(Double.isNaN(adx.minusDi()));
        for (double[] b : bars) {
            adx.update(b[0], b[1], b[2]);
        }
        assertEquals(400.0 / 7, adx.adx(), EPS);
    }

    @Test
    void rollingMaxAndMinOverHandSeries() {
        RollingMax max = new RollingMax(3);
        RollingMin min = new RollingMin(3);
        double[] xs = {1, 3, 2, 5, 4, 1, 0};
        double[] expectedMax = {Double.NaN, Double.NaN, 3, 5, 5, 5, 4};
        double[] expectedMin = {Double.NaN, Double.NaN, 1, 2, 2, 1, 0};
        for (int i = 0; i < xs.length; i++) {
            assertEquals(expectedMax[i], max.update(xs[i]), 0, "max at " + i);
            assertEquals(expectedMin[i], min.update(xs[i]), 0, "min at " + i);
            assertEquals(i >= 2, max.isReady());
        }
        max.reset();
        assertTrue(Double.isNaN(max.update(9)));
        assertTrue(Double.isNaN(max.update(1)));
        assertEquals(9.0, max.update(1), 0);
    }

    @Test
    void rollingMaxAndMinAgreeWithABruteForceScan() {
        SplittableRandom random = new SplittableRandom(42);
        for (int period : new int[] {1, 2, 7, 64}) {
            RollingMax max = new RollingMax(period);
            RollingMin min = new RollingMin(period);
            double[] xs = new double[2_000];
            for (int i = 0; i < xs.length; i++) {
                // coarse values so that ties occur
                xs[i] = random.nextInt(20);
                double gotMax = max.update(xs[i]);
                double gotMin = min.update(xs[i]);
                if (i >= period - 1) {
                    double hi = Double.NEGATIVE_INFINITY;
                    double lo = Double.POSITIVE_INFINITY;
                    for (int j = i - period + 1; j <= i; j++) {
                        hi = Math.max(hi, xs[j]);
                        lo = Math.min(lo, xs[j]);
                    }
                    assertEquals(hi, gotMax, 0, "max period " + period + " at " + i);
                    assertEquals(lo, gotMin, 0, "min period " + period + " at " + i);
                }
            }
        }
    }

    @Test
    void rollingVwapWeighsTypicalPriceByVolume() {
        RollingVwap vwap = new RollingVwap(2);
        assertEquals(2, vwap.warmupPeriod());
        assertTrue(Double.isNaN(vwap.update(12, 9, 9, 1)));     // tp 10
        assertFalse(vwap.isReady());
        assertEquals(11.5, vwap.update(14, 11, 11, 3), EPS);     // tp 12: (10 + 36) / 4
        assertTrue(vwap.isReady());
        assertEquals(10.5, vwap.update(8, 5, 5, 1), EPS);        // tp 6: (36 + 6) / 4
    }

    @Test
    void rollingVwapFallsBackToTypicalPriceWithoutVolumeAndResets() {
        RollingVwap vwap = new RollingVwap(2);
        vwap.update(12, 9, 9, 0);
        assertEquals(12.0, vwap.update(14, 11, 11, 0), EPS);
        vwap.reset();
        assertTrue(Double.isNaN(vwap.value()));
        vwap.update(3, 3, 3, 1);
        assertEquals(4.0, vwap.update(5, 5, 5, 1), EPS);
    }

    @Test
    void crossNeedsAStrictChangeOfSide() {
        assertTrue(Cross.crossedAbove(1, 2, 3, 2));
        assertTrue(Cross.crossedAbove(2, 2, 3, 2));   // from touching to above
        assertFalse(Cross.crossedAbove(3, 2, 4, 2));  // already above
        assertFalse(Cross.crossedAbove(1, 2, 2, 2));  // only touches
        assertFalse(Cross.crossedAbove(Double.NaN, 2, 3, 2));
        assertTrue(Cross.crossedBelow(3, 2, 1, 2));
        assertTrue(Cross.crossedBelow(2, 2, 1, 2));
        assertFalse(Cross.crossedBelow(1, 2, 0, 2));
        assertFalse(Cross.crossedBelow(3, 2, 2, 2));
        assertFalse(Cross.crossedBelow(3, Double.NaN, 1, 2));
    }
}
