package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules every indicator follows: warm-up length, NaN before ready, reset, no allocation, parameter checks. */
class IndicatorContractTest {

    static Stream<Arguments> indicators() {
        return Stream.of(
                named("Sma(20)", () -> new Sma(20)),
                named("Ema(12)", () -> new Ema(12)),
                named("Rsi(14)", () -> new Rsi(14)),
                named("StdDev(20)", () -> new StdDev(20)),
                named("RollingMax(10)", () -> new RollingMax(10)),
                named("RollingMin(10)", () -> new RollingMin(10)),
                named("Macd(12,26,9)", () -> new Macd(12, 26, 9)),
                named("Atr(14)", () -> new Atr(14)),
                named("BollingerBands(20,2)", () -> new BollingerBands(20, 2)),
                named("Stochastic(14,3)", () -> new Stochastic(14, 3)),
                named("Adx(14)", () -> new Adx(14)),
                named("RollingVwap(20)", () -> new RollingVwap(20)));
    }

    private static Arguments named(String name, Supplier<Indicator> factory) {
        return Arguments.of(name, factory);
    }

    private static double[] feed(Indicator indicator, List<Candle> candles, boolean[] ready) {
        double[] values = new double[candles.size()];
        for (int i = 0; i < values.length; i++) {
            indicator.update(candles.get(i));
            values[i] = indicator.value();
            ready[i] = indicator.isReady();
        }
        return values;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indicators")
    void readyExactlyAfterWarmupAndNaNBefore(String name, Supplier<Indicator> factory) {
        Indicator indicator = factory.get();
        List<Candle> candles = MarketData.eth5m();
        boolean[] ready = new boolean[candles.size()];
        double[] values = feed(indicator, candles, ready);
        int warmup = indicator.warmupPeriod();
        for (int i = 0; i < values.length; i++) {
            boolean expectReady = i + 1 >= warmup;
            assertEquals(expectReady, ready[i], name + " isReady after " + (i + 1) + " candles");
            assertEquals(expectReady, !Double.isNaN(values[i]), name + " value after " + (i + 1) + " candles: " + values[i]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indicators")
    void resetReplaysIdentically(String name, Supplier<Indicator> factory) {
        Indicator indicator = factory.get();
        List<Candle> candles = MarketData.eth5m();
        boolean[] ready = new boolean[candles.size()];
        double[] first = feed(indicator, candles, ready);
        indicator.reset();
        assertFalse(indicator.isReady(), name);
        assertTrue(Double.isNaN(indicator.value()), name);
        double[] second = feed(indicator, candles, ready);
        assertArrayEquals(first, second, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indicators")
    void updatesDoNotAllocate(String name, Supplier<Indicator> factory) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Candle[] candles = MarketData.btc1m().toArray(new Candle[0]);
        Indicator indicator = factory.get();
        for (Candle c : candles) {
            indicator.update(c);
        }
        threads.getThreadAllocatedBytes(thread); // first call may initialise lazily
        long before = threads.getThreadAllocatedBytes(thread);
        for (Candle c : candles) {
            indicator.update(c);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // a single boxed double per update would be ~150 KB over these ~9,400 candles
        assertTrue(allocated < 1_024, name + " allocated " + allocated + " bytes over " + candles.length + " updates");
    }

    @Test
    void invalidParametersAreRejectedWithTheirNameAndValue() {
        assertRejected(() -> new Sma(0), "period", "0");
        assertRejected(() -> new Ema(-3), "period", "-3");
        assertRejected(() -> new Rsi(0), "period", "0");
        assertRejected(() -> new StdDev(0), "period", "0");
        assertRejected(() -> new RollingMax(0), "period", "0");
        assertRejected(() -> new RollingMin(-1), "period", "-1");
        assertRejected(() -> new Atr(0), "period", "0");
        assertRejected(() -> new Adx(0), "period", "0");
        assertRejected(() -> new RollingVwap(0), "period", "0");
        assertRejected(() -> new BollingerBands(0, 2), "period", "0");
        assertRejected(() -> new BollingerBands(20, 0), "k", "0");
        assertRejected(() -> new BollingerBands(20, -1.5), "k", "-1.5");
        assertRejected(() -> new BollingerBands(20, Double.NaN), "k", "NaN");
        assertRejected(() -> new Stochastic(0, 3), "kPeriod", "0");
        assertRejected(() -> new Stochastic(14, 0), "dPeriod", "0");
        assertRejected(() -> new Macd(0, 26, 9), "fast", "0");
        assertRejected(() -> new Macd(12, 0, 9), "slow", "0");
        assertRejected(() -> new Macd(12, 26, 0), "signal", "0");
        assertRejected(() -> new Macd(26, 26, 9), "fast=26", "slow=26");
        assertRejected(() -> new Macd(30, 26, 9), "fast=30", "slow=26");
    }

    @Test
    void nonFiniteInputsAndInconsistentBarsAreRejectedNamingTheIndicator() {
        assertRejected(() -> new Sma(3).update(Double.NaN), "Sma(3)", "NaN");
        assertRejected(() -> new Ema(3).update(Double.POSITIVE_INFINITY), "Ema(3)", "Infinity");
        assertRejected(() -> new Rsi(14).update(Double.NaN), "Rsi(14)", "NaN");
        assertRejected(() -> new StdDev(5).update(Double.NEGATIVE_INFINITY), "StdDev(5)", "-Infinity");
        assertRejected(() -> new RollingMax(5).update(Double.NaN), "RollingMax(5)");
        assertRejected(() -> new RollingMin(5).update(Double.NaN), "RollingMin(5)");
        assertRejected(() -> new Macd(12, 26, 9).update(Double.NaN), "Macd(12, 26, 9)");
        assertRejected(() -> new BollingerBands(20, 2).update(Double.NaN), "BollingerBands(20, 2.0)");
        assertRejected(() -> new Atr(14).update(10, 11, 10.5), "Atr(14)", "high=10.0", "low=11.0");
        assertRejected(() -> new Adx(14).update(10, 9, 12), "Adx(14)", "close=12.0");
        assertRejected(() -> new Stochastic(14, 3).update(Double.NaN, 9, 9.5), "Stochastic(14, 3)", "high=NaN");
        assertRejected(() -> new RollingVwap(20).update(10, 9, 9.5, -1), "RollingVwap(20)", "volume", "-1.0");
        assertRejected(() -> new RollingVwap(20).update(10, 9, 9.5, Double.NaN), "RollingVwap(20)", "volume");
    }

    @Test
    void aRejectedInputLeavesTheStateUntouched() {
        Sma sma = new Sma(2);
        sma.update(1);
        assertThrows(IllegalArgumentException.class, () -> sma.update(Double.NaN));
        assertEquals(2.0, sma.update(3), 0);
    }

    private static void assertRejected(Executable construction, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should mention " + fragment);
        }
    }
}
