package io.pybitbot.domain;

import io.pybitbot.CborSerializable;
import java.util.Map;
import java.util.Objects;

/**
 * The open positions on one symbol by the strategy that holds them, as the execution ledger sees them now: sent to the
 * symbol's actor when it asks and whenever they change, so its strategies are told their own position. A strategy not
 * in the map is flat.
 */
public record StrategyPositions(String symbol, Map<String, StrategyPosition> byStrategy) implements CborSerializable {

    public StrategyPositions {
        Objects.requireNonNull(symbol, "symbol");
        byStrategy = Map.copyOf(byStrategy);
    }

    public StrategyPosition of(String strategy) {
        return byStrategy.getOrDefault(strategy, StrategyPosition.FLAT);
    }
}
