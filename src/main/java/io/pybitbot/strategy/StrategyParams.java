package io.pybitbot.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Read-only parameters of one strategy, flattened to dotted keys: {@code stop_atr_multiple},
 * {@code weights.trend}, {@code rsi.period}, {@code sma_fast}, ... Values are numbers, booleans or
 * strings. Strategy parameters ({@code strategy.json}) win over indicator parameters
 * ({@code indicators.json}) where a key appears in both.
 */
public final class StrategyParams {
    private final String owner;
    private final Map<String, Object> values;

    public StrategyParams(String owner, Map<String, ?> values) {
        this.owner = owner;
        this.values = Map.copyOf(new TreeMap<>(values));
    }

    /** Flattens nested maps (as Jackson reads JSON objects) into dotted keys. */
    public static StrategyParams of(String owner, Map<String, ?> indicatorParams, Map<String, ?> strategyParams) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", indicatorParams, flat);
        flatten("", strategyParams, flat);
        return new StrategyParams(owner, flat);
    }

    private static void flatten(String prefix, Map<String, ?> in, Map<String, Object> out) {
        for (Map.Entry<String, ?> e : in.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof io.pybitbot.config.ParamValues group) {
                flatten(key, group.asMap(), out);
            } else if (e.getValue() instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> nested = (Map<String, ?>) m;
                flatten(key, nested, out);
            } else if (e.getValue() != null) {
                out.put(key, e.getValue());
            }
        }
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public double getDouble(String key) {
        Object v = require(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, v, "a number");
    }

    public double getDouble(String key, double fallback) {
        return has(key) ? getDouble(key) : fallback;
    }

    public int getInt(String key) {
        Object v = require(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw wrongType(key, v, "an integer");
    }

    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(owner + ": missing parameter '" + key + "'");
        }
        return v;
    }

    private IllegalArgumentException wrongType(String key, Object v, String expected) {
        return new IllegalArgumentException(owner + ": parameter '" + key + "' must be " + expected + ", found " + v);
    }

    @Override
    public String toString() {
        return owner + values;
    }
}
