package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RSI, MACD and the Stochastic oscillator on tiny hand-computed series. */
class OscillatorTest {

    private static final double EPS = 1e-9;

    @Test
    void rsiSeedsWithTheMeanOfTheFirstChangesThenSmoothsLikeWilder() {
        Rsi rsi = new Rsi(2);
        assertEquals(3, rsi.warmupPeriod());
        assertTrue(Double.isNaN(rsi.update(10)));
        assertTrue(Double.isNaN(rsi.update(11)));   // +1
        assertFalse(rsi.isReady());
        // avgGain (1 + 0) / 2 = 0.5, avgLoss (0 + 0.5) / 2 = 0.25, RS 2
        assertEquals(100 - 100.0 / 3, rsi.update(10.5), EPS);
        assertTrue(rsi.isReady());
        // +1: avgGain (0.5 + 1) / 2 = 0.75, avgLoss 0.25 / 2 = 0.125, RS 6
        assertEquals(100 - 100.0 / 7, rsi.update(11.5), EPS);
        // -0.5: avgGain 0.375, avgLoss (0.125 + 0.5) / 2 = 0.3125, RS 1.2
        assertEquals(100 - 100.0 / 2.2, rsi.update(11), EPS);
    }

    @Test
    void rsiIs100WithoutLossesAnd50WithoutMovement() {
        Rsi rising = new Rsi(3);
        for (double x : new double[] {1, 2, 3, 4, 5}) {
            rising.update(x);
        }
        assertEquals(100.0, rising.value(), EPS);
        Rsi flat = new Rsi(3);
        for (int i = 0; i < 5; i++) {
            flat.update(7);
        }
        assertEquals(50.0, flat.value(), EPS);
    }

    @Test
    void rsiResetForgetsThePreviousClose() {
        Rsi rsi = new Rsi(1);
        rsi.update(100);
        rsi.update(90);
        assertEquals(0.0, rsi.value(), EPS);
        rsi.reset();
        assertTrue(Double.isNaN(rsi.update(5)));
        assertEquals(100.0, rsi.update(6), EPS);
    }

    @Test
    void macdLinesSignalAndHistogram() {
        Macd macd = new Macd(2, 3, 2);
        assertEquals(4, macd.warmupPeriod());
        // fast EMA(2): 1.5, 2.5, 29/6, 65/18; slow EMA(3): 2, 4, 3.5
        for (double x : new double[] {1, 2, 3}) {
            assertTrue(Double.isNaN(macd.update(x)));
            assertFalse(macd.isReady());
            assertTrue(Double.isNaN(macd.signal()));
        }
        assertEquals(5.0 / 6, macd.update(6), EPS);
        assertTrue(macd.isReady());
        assertEquals(2.0 / 3, macd.signal(), EPS);   // mean of macd 0.5 and 5/6
        assertEquals(1.0 / 6, macd.histogram(), EPS);
        assertEquals(1.0 / 9, macd.update(3), EPS);
        assertEquals(8.0 / 27, macd.signal(), EPS);
        assertEquals(-5.0 / 27, macd.histogram(), EPS);
        assertEquals(macd.macd(), macd.value(), 0);
    }

    @Test
    void macdResetStartsOver() {
        Macd macd = new Macd(2, 3, 2);
        for (double x : new double[] {5, 9, 2, 8, 1}) {
            macd.update(x);
        }
        macd.reset();
        assertFalse(macd.isReady());
        assertTrue(Double.isNaN(macd.histogram()));
        for (double x : new double[] {1, 2, 3}) {
            macd.update(x);
        }
        assertEquals(5.0 / 6, macd.update(6), EPS);
    }

    @Test
    void stochasticKOverTheWindowAndDAsItsSma() {
        Stochastic st = new Stochastic(3, 2);
        assertEquals(4, st.warmupPeriod());
        assertTrue(Double.isNaN(st.update(10, 8, 9)));
        assertTrue(Double.isNaN(st.update(12, 9, 11)));
        assertTrue(Double.isNaN(st.update(11, 7, 8)));  // %K 20, but %D not ready yet
        assertFalse(st.isReady());
        assertEquals(500.0 / 6, st.update(13, 10, 12), EPS); // HH 13, LL 7
        assertTrue(st.isReady());
        assertEquals((20 + 500.0 / 6) / 2, st.d(), EPS);
        assertEquals(75.0, st.update(12, 11, 11.5), EPS);
        assertEquals((500.0 / 6 + 75) / 2, st.d(), EPS);
        assertEquals(st.k(), st.value(), 0);
    }

    @Test
    void stochasticDropsHighsThatLeftTheWindow() {
        Stochastic st = new Stochastic(2, 1);
        st.update(20, 10, 15);
        st.update(14, 10, 12);
        assertEquals(20.0, st.k(), EPS);        // HH 20
        assertEquals(75.0, st.update(14, 12, 13), EPS); // HH 14 once the 20 is gone, LL 10
    }

    @Test
    void stochasticIs50OnAFlatWindowAndResets() {
        Stochastic st = new Stochastic(2, 1);
        st.update(5, 5, 5);
        assertEquals(50.0, st.update(5, 5, 5), EPS);
        st.reset();
        assertFalse(st.isReady());
        assertTrue(Double.isNaN(st.d()));
        st.update(10, 0, 5);
        assertEquals(100.0, st.update(10, 0, 10), EPS);
    }
}
