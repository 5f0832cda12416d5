package io.pybitbot.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.BundledData;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Interval;
import io.pybitbot.indicator.Rsi;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.strategy.ConfluenceStrategy;
import io.pybitbot.strategy.SmaCrossStrategy;
import io.pybitbot.domain.Instruments;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IndicatorRecorderTest {

    static final ConfluenceStrategy.Params PARAMS = new ConfluenceStrategy.Params(9, 21, 50, 14, 70, 30, 12, 26, 9, 20,
            2.0, 14, 20, 14, 1, 1, 0.5, 0.5, 0.6, 2, 3);

    @Test
    void oscillatorsAreRecordedOnTheirOwnScaleAndMatchTheIndicator() {
        CandleSeries eth = BundledData.load("ETHUSDT", Interval.M5);
        Map<String, IndicatorLine> lines = IndicatorRecorder.replay(eth, List.of(new BacktestEngine.StrategySlot(
                "strategy_a", Interval.M5, new ConfluenceStrategy("strategy_a", "ETHUSDT", PARAMS))));
        assertEquals(List.of("strategy_a EMA 9", "strategy_a EMA 21", "strategy_a EMA 50", "strategy_a BB upper",
                "strategy_a BB lower", "strategy_a RSI 14", "strategy_a ADX 14"), List.copyOf(lines.keySet()));
        assertFalse(lines.get("strategy_a EMA 9").ownScale(), "a moving average goes over the price");
        assertTrue(lines.get("strategy_a RSI 14").ownScale() && lines.get("strategy_a ADX 14").ownScale());
        IndicatorLine rsiLine = lines.get("strategy_a RSI 14");
        assertEquals(eth.size(), rsiLine.size(), "one value per candle");
        Rsi rsi = new Rsi(14);
        for (int i = 0; i < eth.size(); i++) {
            rsi.update(eth.get(i).close());
            assertEquals(rsi.isReady() ? rsi.value() : Double.NaN, rsiLine.value(i), 1e-9, "RSI at candle " + i);
        }
        IndicatorLine adx = lines.get("strategy_a ADX 14");
        double last = adx.value(adx.size() - 1);
        assertTrue(last > 0 && last < 100, "ADX " + last);
    }

    @Test
    void aReplayDrawsWhatTheBacktestsStrategiesComputed() {
        CandleSeries btc = BundledData.load("BTCUSDT", Interval.M5);
        Supplier<List<BacktestEngine.StrategySlot>> slots = () -> List.of(
                new BacktestEngine.StrategySlot("strategy_a", Interval.M5, new ConfluenceStrategy("strategy_a", "BTCUSDT",
                        PARAMS)),
                new BacktestEngine.StrategySlot("strategy_b", Interval.M15, new SmaCrossStrategy("strategy_b", "BTCUSDT",
                        new SmaCrossStrategy.Params(10, 30, 14, 2, 3))));
        BacktestResult backtest = new BacktestEngine(BacktestEngineTest.settings(0, RiskLimits.unlimited(),
                SizingRule.fixedNotional(BigDecimal.TEN, BigDecimal.ONE))).run(List.of(new BacktestEngine.SymbolInput(
                btc, Instruments.forSymbol("BTCUSDT", 800), slots.get(), 14)), "two strategies", null);
        Map<String, IndicatorLine> recorded = backtest.indicators().get("BTCUSDT");
        Map<String, IndicatorLine> replayed = IndicatorRecorder.replay(btc, slots.get());
        assertEquals(recorded.keySet(), replayed.keySet());
        for (String name : recorded.keySet()) {
            assertArrayEquals(points(recorded.get(name)), points(replayed.get(name)), name);
            assertEquals(recorded.get(name).ownScale(), replayed.get(name).ownScale(), name);
        }
        IndicatorLine m15 = replayed.get("strategy_b SMA 10");
        assertEquals(900, m15.timeSec(1) - m15.timeSec(0), "a 15-minute strategy is drawn at its own candles");
    }

    @Test
    void theReportPutsOscillatorsInTheirOwnPane() {
        CandleSeries eth = BundledData.load("ETHUSDT", Interval.M5);
        Map<String, IndicatorLine> lines = IndicatorRecorder.replay(eth, List.of(new BacktestEngine.StrategySlot(
                "strategy_a", Interval.M5, new ConfluenceStrategy("strategy_a", "ETHUSDT", PARAMS))));
        StringBuilder html = new StringBuilder();
        PriceCharts.render(html, Map.of("ETHUSDT", eth), List.of(), Map.of("ETHUSDT", lines));
        String data = html.substring(html.indexOf("class=\"lwc-data\""), html.indexOf("</script>"));
        String price = data.substring(data.indexOf("\"lines\":"), data.indexOf("\"oscillators\":"));
        String oscillators = data.substring(data.indexOf("\"oscillators\":"));
        assertTrue(price.contains("\"strategy_a EMA 9\":[[") && !price.contains("RSI"), "price lines: " + head(price));
        assertTrue(oscillators.contains("\"strategy_a RSI 14\":[[") && oscillators.contains("\"strategy_a ADX 14\":[[")
                && !oscillators.contains("EMA"), "oscillators: " + head(oscillators));
        assertTrue(html.indexOf("height:560px") > 0, "the chart grows for the oscillator pane");
    }

    private static double[] points(IndicatorLine line) {
        double[] out = new double[line.size() * 2];
        for (int i = 0; i < line.size(); i++) {
            out[2 * i] = line.timeSec(i);
            out[2 * i + 1] = line.value(i);
        }
        return out;
    }

    private static String head(String s) {
        return s.substring(0, Math.min(200, s.length()));
    }
}
