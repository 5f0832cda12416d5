package io.pybitbot.node;

import io.pybitbot.backtest.EquityCurve;
import io.pybitbot.domain.Candle;
import io.pybitbot.sim.SimCore;
import io.pybitbot.sim.engine.MatchingEngine;

/**
 * The simulated account's equity at every replayed candle close (one sample per candle time, whatever the number of
 * symbols), and whether any position was open then: the regular samples a run's Sharpe, Sortino and exposure are
 * computed from, as a backtest's are.
 */
public final class EquitySampler implements SimCore.CloseObserver {

    private final EquityCurve curve = new EquityCurve();
    private long lastStartMs = Long.MIN_VALUE;
    private long samples;
    private long inMarket;
    private boolean openAtLast;

    @Override
    public synchronized void closed(String symbol, Candle closed, MatchingEngine engine) {
        double equity = engine.wallet().equity().doubleValue();
        boolean open = !engine.openPositions().isEmpty();
        if (closed.startMs() == lastStartMs) {
            // another symbol's candle of the same time: the account after both is the sample
            curve.add(closed.startMs(), equity);
            openAtLast |= open;
            return;
        }
        if (lastStartMs != Long.MIN_VALUE && openAtLast) {
            inMarket++;
        }
        lastStartMs = closed.startMs();
        openAtLast = open;
        samples++;
        curve.add(closed.startMs(), equity);
    }

    public synchronized EquityCurve curve() {
        return curve;
    }

    /** Share of sampled candle times with a position open. */
    public synchronized double exposure() {
        long in = inMarket + (openAtLast ? 1 : 0);
        return samples == 0 ? 0 : (double) in / samples;
    }

    /** Samples per year, from the spacing of the samples (NaN with fewer than two). */
    public synchronized double samplesPerYear() {
        int n = curve.size();
        if (n < 2) {
            return Double.NaN;
        }
        double stepMs = (double) (curve.time(n - 1) - curve.time(0)) / (n - 1);
        return stepMs > 0 ? 365.25 * 86_400_000 / stepMs : Double.NaN;
    }
}
