package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code configs/indicators.json}: indicator parameters per timeframe, with an optional
 * {@code default} entry for timeframes not listed.
 */
public record IndicatorsConfig(Map<Interval, IndicatorParams> byTimeframe, Optional<IndicatorParams> fallback) {

    public IndicatorsConfig {
        byTimeframe = Collections.unmodifiableMap(byTimeframe.isEmpty()
                ? new EnumMap<>(Interval.class) : new EnumMap<>(byTimeframe));
        Objects.requireNonNull(fallback, "fallback");
    }

    /** The parameters for a timeframe: its own entry, else the default entry. */
    public Optional<IndicatorParams> find(Interval timeframe) {
        IndicatorParams p = byTimeframe.get(timeframe);
        return p != null ? Optional.of(p) : fallback;
    }

    /**
     * Like {@link #find}, for timeframes the loader already checked (every timeframe an enabled
     * strategy uses has parameters).
     */
    public IndicatorParams forTimeframe(Interval timeframe) {
        return find(timeframe).orElseThrow(() -> new IllegalArgumentException(
                "indicators.json has no entry for timeframe " + timeframe.code() + " and no default"));
    }
}
