package io.pybitbot.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Indicator periods for one timeframe ({@code indicators.json $.timeframes['5']}). Periods are in
 * candles of that timeframe.
 *
 * @param smaFast   fast SMA (strategy_b cross), shorter than smaSlow
 * @param emaTrend  long EMA used as the trend filter
 * @param vwap      rolling VWAP window in candles
 */
public record IndicatorParams(int smaFast, int smaSlow, int emaFast, int emaSlow, int emaTrend, Rsi rsi, Macd macd,
                              Bollinger bollinger, int atr, int adx, Stochastic stochastic, int vwap) {

    public IndicatorParams {
        Objects.requireNonNull(rsi, "rsi");
        Objects.requireNonNull(macd, "macd");
        Objects.requireNonNull(bollinger, "bollinger");
        Objects.requireNonNull(stochastic, "stochastic");
    }

    /** The values used when indicators.json leaves a field (or a whole timeframe with a default) out. */
    public static IndicatorParams defaults() {
        return new IndicatorParams(10, 30, 9, 21, 100, new Rsi(14, 70, 30), new Macd(12, 26, 9),
                new Bollinger(20, 2.0), 14, 14, new Stochastic(14, 3), 48);
    }

    /** RSI period and the levels (0..100) above/below which the market counts as over-bought/-sold. */
    public record Rsi(int period, double overbought, double oversold) {
    }

    public record Macd(int fast, int slow, int signal) {
    }

    /** Bollinger bands: SMA period and the band width in standard deviations. */
    public record Bollinger(int period, double stddev) {
    }

    /** Stochastic oscillator: %K look-back and %D smoothing. */
    public record Stochastic(int k, int d) {
    }

    /**
     * The longest look-back of any indicator here: the candles needed before all are ready (MACD
     * needs slow + signal; ADX needs two smoothing passes).
     */
    public int warmupCandles() {
        return IntStream.of(smaSlow, smaFast, emaFast, emaSlow, emaTrend, rsi.period() + 1, macd.slow() + macd.signal(),
                bollinger.period(), atr + 1, 2 * adx, stochastic.k() + stochastic.d(), vwap).max().orElse(1);
    }

    /** The parameters keyed as in {@code indicators.json}, nested objects as maps (for strategy parameters). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sma_fast", smaFast);
        m.put("sma_slow", smaSlow);
        m.put("ema_fast", emaFast);
        m.put("ema_slow", emaSlow);
        m.put("ema_trend", emaTrend);
        m.put("rsi", Map.of("period", rsi.period(), "overbought", rsi.overbought(), "oversold", rsi.oversold()));
        m.put("macd", Map.of("fast", macd.fast(), "slow", macd.slow(), "signal", macd.signal()));
        m.put("bollinger", Map.of("period", bollinger.period(), "stddev", bollinger.stddev()));
        m.put("atr", atr);
        m.put("adx", adx);
        m.put("stochastic", Map.of("k", stochastic.k(), "d", stochastic.d()));
        m.put("vwap", vwap);
        return m;
    }
}
