package io.pybitbot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code configs/strategy.json}: every configured strategy by name, in file order. */
public record StrategiesConfig(Map<String, StrategyConfig> all) {

    public StrategiesConfig {
        all = Collections.unmodifiableMap(new LinkedHashMap<>(all));
    }

    /** Only the enabled strategies: the ones to build and run. */
    public Map<String, StrategyConfig> enabled() {
        Map<String, StrategyConfig> out = new LinkedHashMap<>();
        all.forEach((name, s) -> {
            if (s.enabled()) {
                out.put(name, s);
            }
        });
        return Collections.unmodifiableMap(out);
    }
}
