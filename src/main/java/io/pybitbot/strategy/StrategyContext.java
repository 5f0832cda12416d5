package io.pybitbot.strategy;

import io.pybitbot.domain.Interval;
import java.util.Objects;

/**
 * Everything a provider needs to build one strategy instance.
 *
 * @param name      the strategy's key in {@code strategy.json}
 * @param symbol    the symbol this instance trades
 * @param timeframe the interval of the closed candles it will be fed
 * @param params    the strategy's {@code params} from {@code strategy.json} merged with the
 *                  {@code indicators.json} entry of its timeframe (see {@link StrategyParams})
 */
public record StrategyContext(String name, String symbol, Interval timeframe, StrategyParams params) {
    public StrategyContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(params, "params");
    }
}
