package io.pybitbot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Known strategy names and their parameter schemas. {@code strategy.json} may only name strategies
 * registered here. New strategies add their spec with {@link #with}.
 */
public final class StrategySchemas {

    private final Map<String, StrategyParamsSpec> specs;

    private StrategySchemas(Map<String, StrategyParamsSpec> specs) {
        this.specs = Collections.unmodifiableMap(new LinkedHashMap<>(specs));
    }

    public static StrategySchemas of(Map<String, StrategyParamsSpec> specs) {
        return new StrategySchemas(specs);
    }

    /** strategy_a and strategy_b. */
    public static StrategySchemas builtIn() {
        Map<String, StrategyParamsSpec> m = new LinkedHashMap<>();
        m.put("strategy_a", strategyA());
        m.put("strategy_b", strategyB());
        return new StrategySchemas(m);
    }

    /** A registry with one more (or a replaced) strategy. */
    public StrategySchemas with(String name, StrategyParamsSpec spec) {
        Map<String, StrategyParamsSpec> m = new LinkedHashMap<>(specs);
        m.put(name, spec);
        return new StrategySchemas(m);
    }

    public Map<String, StrategyParamsSpec> specs() {
        return specs;
    }

    /** strategy_a: multi-indicator confluence; a weighted vote of trend, momentum, bands and strength. */
    public static StrategyParamsSpec strategyA() {
        StrategyParamsSpec weights = StrategyParamsSpec.builder()
                .number("trend", 1.0, 0, true, 10, "weight of the trend vote (EMA fast/slow and trend EMA)")
                .number("momentum", 1.0, 0, true, 10, "weight of the momentum vote (RSI, MACD)")
                .number("bands", 0.5, 0, true, 10, "weight of the Bollinger band vote")
                .number("strength", 0.5, 0, true, 10, "weight of the trend-strength vote (ADX)")
                .rule(null, "at least one weight > 0",
                        p -> p.number("trend") + p.number("momentum") + p.number("bands") + p.number("strength") > 0)
                .build();
        return StrategyParamsSpec.builder()
                .number("entry_threshold", 0.6, 0, false, 1, "weighted share of votes needed to enter, (0, 1]")
                .group("weights", weights, "vote weights, each in [0, 10]")
                .number("min_adx", 20.0, 0, true, 100, "no entry while ADX is below this")
                .number("stop_atr_multiple", 2.0, 0, false, 50, "stop-loss distance in ATRs from entry")
                .number("target_atr_multiple", 3.0, 0, false, 100, "take-profit distance in ATRs from entry")
                .build();
    }

    /** strategy_b: SMA fast/slow crossover with ATR-based stop and target. */
    public static StrategyParamsSpec strategyB() {
        return StrategyParamsSpec.builder()
                .number("stop_atr_multiple", 2.0, 0, false, 50, "stop-loss distance in ATRs from entry")
                .number("target_atr_multiple", 3.0, 0, false, 100, "take-profit distance in ATRs from entry")
                .build();
    }
}
