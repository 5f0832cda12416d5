package io.pybitbot.indicator;

/**
 * The highest or lowest of the last {@code period} values, O(1) amortised per update (monotonic deque
 * over primitive ring arrays, no allocation). Ready after {@code period} values. {@link RollingMax} and
 * {@link RollingMin} are its two directions.
 */
abstract class RollingExtreme extends SingleInputIndicator {

    private final String name;
    private final int period;
    private final MonotonicDeque deque;
    private double value = Double.NaN;

    RollingExtreme(String name, int period, boolean highest) {
        this.name = name;
        this.period = Params.requirePositive("period", period);
        this.deque = new MonotonicDeque(period, highest);
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
        return name + "(" + period + ")";
    }
}
