package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** StdDev, Bollinger Bands and ATR on tiny hand-computed series. */
class VolatilityTest {

    private static final double EPS = 1e-12;

    @Test
    void stdDevIsThePopulationDeviationOfTheWindow() {
        StdDev sd = new StdDev(8);
        double[] xs = {2, 4, 4, 4, 5, 5, 7, 9}; // mean 5, population variance 4
        for (int i = 0; i < 7; i++) {
            assertTrue(Double.isNaN(sd.update(xs[i])));
        }
        assertFalse(sd.isReady());
        assertEquals(2.0, sd.update(xs[7]), EPS);
        assertTrue(sd.isReady());
    }

    @Test
    void stdDevSlidesAndReachesZeroOnAFlatWindow() {
        StdDev sd = new StdDev(2);
        sd.update(1);
        assertEquals(1.0, sd.update(3), EPS);
        assertEquals(0.0, sd.update(3), EPS);
        assertEquals(2.0, sd.update(7), EPS);
    }

    @Test
    void stdDevStaysAccurateOnLargePricesOverALongRun() {
        StdDev sd = new StdDev(30);
        SplittableRandom random = new SplittableRandom(7);
        double[] window = new double[30];
        double price = 65_000;
        for (int i = 0; i < 100_000; i++) {
            price += random.nextDouble(-5, 5);
            window[i % 30] = price;
            sd.update(price);
        }
        double mean = 0;
        for (double x : window) {
            mean += x / 30;
        }
        double m2 = 0;
        for (double x : window) {
            m2 += (x - mean) * (x - mean);
        }
        double expected = Math.sqrt(m2 / 30);
        assertEquals(expected, sd.value(), 1e-9 * expected);
    }

    @Test
    void bollingerBandsAroundTheSma() {
        BollingerBands bb = new BollingerBands(4, 2);
        assertEquals(4, bb.warmupPeriod());
        bb.update(1);
        bb.update(3);
        assertTrue(Double.isNaN(bb.update(1)));
        assertTrue(Double.isNaN(bb.percentB()));
        assertEquals(2.0, bb.update(3), EPS);   // mean 2, sigma 1
        assertTrue(bb.isReady());
        assertEquals(2.0, bb.middle(), EPS);
        assertEquals(4.0, bb.upper(), EPS);
        assertEquals(0.0, bb.lower(), EPS);
        assertEquals(0.75, bb.percentB(), EPS);
        assertEquals(2.0, bb.bandwidth(), EPS);
        assertEquals(bb.middle(), bb.value(), 0);
    }

    @Test
    void bollingerPercentBIsHalfWhenTheBandsCollapse() {
        BollingerBands bb = new BollingerBands(2, 2);
        bb.update(5);
        bb.update(5);
        assertEquals(0.5, bb.percentB(), EPS);
        assertEquals(0.0, bb.bandwidth(), EPS);
        bb.reset();
        assertFalse(bb.isReady());
        assertTrue(Double.isNaN(bb.upper()));
        bb.update(1);
        assertEquals(2.0, bb.update(3), EPS);
        assertEquals(4.0, bb.upper(), EPS);
    }

    @Test
    void atrUsesWilderSmoothingOfTrueRangeIncludingGaps() {
        Atr atr = new Atr(2);
        assertEquals(2, atr.warmupPeriod());
        assertTrue(Double.isNaN(atr.update(10, 8, 9)));
        assertEquals(2.0, atr.trueRange(), EPS);         // first candle: high - low
        assertFalse(atr.isReady());
        assertEquals(2.0, atr.update(11, 9, 10.5), EPS); // TR 2
        assertTrue(atr.isReady());
        assertEquals(2.25, atr.update(13, 12, 12.5), EPS); // gap up: TR |13 - 10.5| = 2.5
        assertEquals(2.5, atr.trueRange(), EPS);
        assertEquals(2.875, atr.update(12, 9, 10), EPS);  // TR |9 - 12.5| = 3.5
        assertEquals(3.5, atr.trueRange(), EPS);
    }

    @Test
    void atrResetForgetsThePreviousClose() {
        Atr atr = new Atr(1);
        atr.update(10, 9, 9.5);
        atr.update(20, 19, 19.5);
        assertEquals(10.5, atr.value(), EPS);
        atr.reset();
        assertTrue(Double.isNaN(atr.trueRange()));
        assertEquals(1.0, atr.update(20, 19, 19.5), EPS); // no previous close after reset
    }
}
