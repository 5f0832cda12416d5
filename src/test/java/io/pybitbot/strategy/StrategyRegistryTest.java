package io.pybitbot.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Interval;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyRegistryTest {

    @Test
    void serviceLoaderFindsTheBuiltins() {
        StrategyRegistry r = StrategyRegistry.load();
        assertTrue(r.names().containsAll(java.util.Set.of("strategy_a", "strategy_b")), r.names().toString());
    }

    @Test
    void buildsStrategyBFromFlattenedParams() {
        StrategyParams p = StrategyParams.of("strategy_b",
                Map.of("sma_fast", 10, "sma_slow", 30, "atr", 14, "rsi", Map.of("period", 14)),
                Map.of("stop_atr_multiple", 2.0, "target_atr_multiple", 3));
        assertEquals(14, p.getInt("rsi.period"));
        Strategy s = StrategyRegistry.load().create(new StrategyContext("strategy_b", "BTCUSDT", Interval.M5, p));
        assertInstanceOf(SmaCrossStrategy.class, s);
        assertEquals(31, s.warmupCandles());
    }

    @Test
    void strategyParamsWinOverIndicatorParams() {
        StrategyParams p = StrategyParams.of("x", Map.of("atr", 14), Map.of("atr", 20));
        assertEquals(20, p.getInt("atr"));
    }

    @Test
    void missingOrMistypedParamsNameTheStrategyAndKey() {
        StrategyParams p = StrategyParams.of("strategy_b", Map.of("sma_fast", 1.5), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.getInt("sma_fast"));
        assertTrue(e.getMessage().contains("strategy_b") && e.getMessage().contains("sma_fast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.getDouble("nope"));
        assertTrue(e.getMessage().contains("missing parameter 'nope'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StrategyRegistry.load()
                .create(new StrategyContext("strategy_z", "X", Interval.M1, p)));
    }
}
