package io.pybitbot.risk;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable {@link AccountView}, e.g. built by the live Risk actor from wallet and position updates.
 * A peak below equity is raised to equity.
 *
 * @param exposureBySymbol |notional| per symbol that has a position
 */
public record AccountSnapshot(double equity, double peakEquity, double dayStartEquity,
                              Map<String, Double> exposureBySymbol) implements AccountView {

    public AccountSnapshot {
        exposureBySymbol = Map.copyOf(Objects.requireNonNull(exposureBySymbol, "exposureBySymbol"));
        if (Double.isNaN(equity) || Double.isNaN(peakEquity) || Double.isNaN(dayStartEquity)) {
            throw new IllegalArgumentException("account snapshot has NaN: equity " + equity + ", peak " + peakEquity
                    + ", day start " + dayStartEquity);
        }
        // a wallet update can arrive before the peak is refreshed: equity above the peak is the new peak
        peakEquity = Math.max(peakEquity, equity);
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
