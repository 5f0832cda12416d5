package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code strategy.json $.strategies}.
 *
 * @param name      the strategy's registered name, e.g. {@code strategy_b}
 * @param enabled   only enabled strategies run
 * @param timeframe the candle interval it decides on; one of {@code general.json $.timeframes}
 * @param symbols   the symbols it trades: the configured list, or every general symbol when the list was empty
 * @param params    validated parameters, defaults filled in
 */
public record StrategyConfig(String name, boolean enabled, Interval timeframe, List<String> symbols,
                             ParamValues params) {

    public StrategyConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeframe, "timeframe");
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(params, "params");
    }
}
