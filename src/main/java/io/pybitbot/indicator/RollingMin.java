package io.pybitbot.indicator;

/**
 * The lowest of the last {@code period} values, O(1) amortised per update (monotonic deque over
 * primitive ring arrays, no allocation). Ready after {@code period} values. Matches ta4j's
 * {@code LowestValueIndicator} exactly once both are warmed up.
 */
public final class RollingMin extends SingleInputIndicator {

    private final int period;
    private final MonotonicDeque deque;
    private double value = Double.NaN;

    public RollingMin(int period) {
        this.period = Params.requirePositive("period", period);
        this.deque = new MonotonicDeque(period, false);
    }

    @Override
    public double update(double x) {
        Params.requireFinite(this, x);
        double extreme = deque.push(x);
        value = isReady() ? extreme : Double.NaN;
        return value;
    }

    @Override
    public boolean isReady() {
        return deque.count() >= period;
    }

    @Override
    public double value() {
        return value;
    }

    @Override
    public void reset() {
        deque.clear();
        value = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    @Override
    public String toString() {
        return "RollingMin(" + period + ")";
    }
}
