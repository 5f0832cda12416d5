package io.pybitbot.risk;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable {@link AccountView}, e.g. built by the live Risk actor from wallet and position updates.
 *
 * @param exposureBySymbol |notional| per symbol that has a position
 */
public record AccountSnapshot(double equity, double peakEquity, double dayStartEquity,
                              Map<String, Double> exposureBySymbol) implements AccountView {

    public AccountSnapshot {
        exposureBySymbol = Map.copyOf(Objects.requireNonNull(exposureBySymbol, "exposureBySymbol"));
        if (!(peakEquity >= equity)) {
            throw new IllegalArgumentException("peak equity " + peakEquity + " must be >= equity " + equity);
        }
    }

    @Override
    public int openPositionCount() {
        return exposureBySymbol.size();
    }

    @Override
    public double totalExposure() {
        double sum = 0;
        for (double v : exposureBySymbol.values()) {
            sum += Math.abs(v);
        }
        return sum;
    }

    @Override
    public double symbolExposure(String symbol) {
        Double v = exposureBySymbol.get(symbol);
        return v == null ? 0 : Math.abs(v);
    }

    @Override
    public boolean hasPosition(String symbol) {
        return exposureBySymbol.containsKey(symbol);
    }
}
