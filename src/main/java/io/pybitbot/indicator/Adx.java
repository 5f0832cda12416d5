package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * Wilder's Directional Movement Index: +DI, -DI and the Average Directional Index.
 *
 * <p>From the second candle on: {@code up = high - prevHigh}, {@code down = prevLow - low};
 * {@code +DM = up} if {@code up > down && up > 0} else 0, {@code -DM} symmetrically; TR as in
 * {@link Atr}. TR, +DM and -DM are Wilder-smoothed ({@link WilderAverage}, seeded with the mean of the
 * first {@code period} values), {@code ±DI = 100 * smoothed ±DM / smoothed TR},
 * {@code DX = 100 * |+DI - -DI| / (+DI + -DI)} (0 when both are 0), and ADX is the Wilder average of DX
 * seeded with the mean of the first {@code period} DX values. So DI exists after {@code period + 1}
 * candles and ADX after {@code 2 * period}, which is {@link #warmupPeriod()}; all outputs are
 * {@code NaN} until then. {@link #value()} is the ADX.
 *
 * <p>ta4j's {@code PlusDIIndicator}, {@code MinusDIIndicator} and {@code ADXIndicator} seed their MMAs
 * with the first bar (whose ±DM is 0 and whose TR is {@code high - low}); the difference decays
 * geometrically and the two agree within 1e-9 relative after roughly {@code 40 * period} bars.
 */
public final class Adx implements Indicator {

    private final int period;
    private final WilderAverage trueRange;
    private final WilderAverage plusDm;
    private final WilderAverage minusDm;
    private final WilderAverage dx;
    private double previousHigh = Double.NaN;
    private double previousLow = Double.NaN;
    private double previousClose = Double.NaN;
    private double plusDi = Double.NaN;
    private double minusDi = Double.NaN;
    private double adx = Double.NaN;

    public Adx(int period) {
        this.period = Params.requirePositive("period", period);
        this.trueRange = new WilderAverage(period);
        this.plusDm = new WilderAverage(period);
        this.minusDm = new WilderAverage(period);
        this.dx = new WilderAverage(period);
    }

    /** Feeds one candle and returns the new ADX ({@code NaN} while warming up). */
    public double update(double high, double low, double close) {
        Params.requireBar(this, high, low, close);
        if (!Double.isNaN(previousClose)) {
            double up = high - previousHigh;
            double down = previousLow - low;
            double tr = trueRange.update(Atr.trueRange(high, low, previousClose));
            double plus = plusDm.update(up > down && up > 0 ? up : 0);
            double minus = minusDm.update(down > up && down > 0 ? down : 0);
            if (trueRange.isReady()) {
                double pdi = tr == 0 ? 0 : 100 * plus / tr;
                double mdi = tr == 0 ? 0 : 100 * minus / tr;
                double sum = pdi + mdi;
                double average = dx.update(sum == 0 ? 0 : 100 * Math.abs(pdi - mdi) / sum);
                if (dx.isReady()) {
                    plusDi = pdi;
                    minusDi = mdi;
                    adx = average;
                }
            }
        }
        previousHigh = high;
        previousLow = low;
        previousClose = close;
        return adx;
    }

    @Override
    public void update(Candle c) {
        update(c.high(), c.low(), c.close());
    }

    public double adx() {
        return adx;
    }

    public double plusDi() {
        return plusDi;
    }

    public double minusDi() {
        return minusDi;
    }

    @Override
    public boolean isReady() {
        return dx.isReady();
    }

    @Override
    public double value() {
        return adx;
    }

    @Override
    public void reset() {
        trueRange.reset();
        plusDm.reset();
        minusDm.reset();
        dx.reset();
        previousHigh = Double.NaN;
        previousLow = Double.NaN;
        previousClose = Double.NaN;
        plusDi = Double.NaN;
        minusDi = Double.NaN;
        adx = Double.NaN;
    }

    @Override
    public int warmupPeriod() {
        return 2 * period;
    }

    @Override
    public String toString() {
        return "Adx(" + period + ")";
    }
}
