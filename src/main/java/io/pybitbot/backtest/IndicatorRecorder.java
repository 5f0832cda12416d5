package io.pybitbot.backtest;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.TimeframeAggregator;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.strategy.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects, candle by candle, the indicator values one symbol's strategies computed, as the report's lines: the
 * price-scale ones ("strategy_b SMA 10") and the oscillators ("strategy_a RSI 14").
 */
public final class IndicatorRecorder {
    private final Map<String, IndicatorLine> lines = new LinkedHashMap<>();

    /** Records what {@code strategy} (named {@code name}) holds after its candle starting at {@code startMs}. */
    public void record(String name, Strategy strategy, long startMs) {
        String prefix = name + " ";
        long timeSec = startMs / 1000;
        strategy.priceLines((line, v) ->
                lines.computeIfAbsent(prefix + line, k -> new IndicatorLine(false)).add(timeSec, v));
        strategy.oscillatorLines((line, v) ->
                lines.computeIfAbsent(prefix + line, k -> new IndicatorLine(true)).add(timeSec, v));
    }

    public Map<String, IndicatorLine> lines() {
        return lines;
    }

    /**
     * Feeds {@code series} through fresh strategies and records their indicators over its newest candles, the ones a
     * report draws. A run's report uses this: its strategies lived in the node, but they are pure functions of the
     * candles, so the same candles give the same values (the node had warmed up on history before the first of them,
     * so the first few values of a slow average can differ slightly).
     */
    public static Map<String, IndicatorLine> replay(CandleSeries series, List<BacktestEngine.StrategySlot> slots) {
        IndicatorRecorder recorder = new IndicatorRecorder();
        List<Candle> candles = series.candles();
        TimeframeAggregator[] aggregators = new TimeframeAggregator[slots.size()];
        for (int i = 0; i < slots.size(); i++) {
            boolean coarser = slots.get(i).timeframe().millis() > series.interval().millis();
            aggregators[i] = coarser ? new TimeframeAggregator(series.interval(), slots.get(i).timeframe()) : null;
        }
        int from = Math.max(0, candles.size() - PriceCharts.MAX_CANDLES);
        for (int n = 0; n < candles.size(); n++) {
            Candle c = candles.get(n);
            for (int i = 0; i < slots.size(); i++) {
                BacktestEngine.StrategySlot slot = slots.get(i);
                if (slot.timeframe().millis() < series.interval().millis()) {
                    continue; // finer than the data: nothing to draw
                }
                Candle input = aggregators[i] == null ? c : aggregators[i].add(c);
                if (input != null) {
                    slot.strategy().onCandle(input, StrategyPosition.FLAT); // the lines do not depend on it
                    if (n >= from) {
                        recorder.record(slot.name(), slot.strategy(), input.startMs());
                    }
                }
            }
        }
        return recorder.lines();
    }
}
