package io.pybitbot.indicator;

/**
 * Bollinger Bands: {@code middle = SMA(period)}, {@code upper/lower = middle ± k * σ} with σ the
 * population standard deviation over the same window (see {@link StdDev}). Ready after {@code period}
 * closes; {@link #value()} is the middle band.
 *
 * <p>{@code percentB = (close - lower) / (upper - lower)} (0.5 when the bands collapse to one price) and
 * {@code bandwidth = (upper - lower) / middle} as a fraction. Matches ta4j's {@code BollingerBands*},
 * {@code PercentBIndicator} exactly once warmed up; ta4j's {@code BollingerBandWidthIndicator} is the
 * same bandwidth times 100.
 */
public final class BollingerBands extends SingleInputIndicator {

    private final int period;
    private final double k;
    private final StdDev deviation;
    private double middle = Double.NaN;
    private double upper = Double.NaN;
    private double lower = Double.NaN;
    private double close = Double.NaN;

    public BollingerBands(int period, double k) {
        this.period = Params.requirePositive("period", period);
        this.k = Params.requirePositive("k", k);
        this.deviation = new StdDev(period);
    }

    @Override
    public double update(double close) {
        Params.requireFinite(this, close);
        double sigma = deviation.update(close);
        if (deviation.isReady()) {
            this.close = close;
            middle = deviation.mean();
            upper = middle + k * sigma;
            lower = middle - k * sigma;
        }
        return middle;
    }

    public double middle() {
        return middle;
    }

    public double upper() {
        return upper;
    }

    public double lower() {
        return lower;
    }

    public double percentB() {
        double width = upper - lower;
        if (width == 0) {
            return 0.5;
        }
        return (close - lower) / width;
    }

    public double bandwidth() {
        return (upper - lower) / middle;
    }

    @Override
    public boolean isReady() {
        return deviation.isReady();
    }

    @Override
    public double value() {
        return middle;
    }

    @Override
    public void reset() {
        deviation.reset();
        middle = Double.NaN;
        upper = Double.NaN;
        lower = Double.NaN;
        close = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return period;
    }

    @Override
    public String toString() {
        return "BollingerBands(" + period + ", " + k + ")";
    }
}
