package io.pybitbot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated {@code params} of one strategy: every parameter its {@link StrategyParamsSpec}
 * declares, with defaults filled in. Values are {@code Double}, {@code Integer}, {@code Boolean}
 * or a nested {@code ParamValues} for a group.
 */
public final class ParamValues {

    private final Map<String, Object> values;

    ParamValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double number(String name) {
        return get(name, Double.class);
    }

    public int integer(String name) {
        return get(name, Integer.class);
    }

    public boolean flag(String name) {
        return get(name, Boolean.class);
    }

    public ParamValues group(String name) {
        return get(name, ParamValues.class);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private <T> T get(String name, Class<T> type) {
        Object v = values.get(name);
        if (!type.isInstance(v)) {
            // a programming error: the strategy asks for a parameter its spec does not declare
            throw new IllegalArgumentException("no " + type.getSimpleName() + " parameter '" + name
                    + "', declared: " + values.keySet());
        }
        return type.cast(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamValues p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
