package io.pybitbot.backtest;

import java.util.Arrays;

/**
 * One indicator a strategy computed, as the report draws it over the candles: its value (NaN while not ready) at each
 * recorded candle start (seconds since the epoch). Grows while the backtest runs. A line on the price's scale (a moving
 * average, a band) is drawn over the candles; one on a scale of its own (RSI, ADX) in a pane under them.
 */
public final class IndicatorLine {
    private final boolean ownScale;
    private long[] timesSec = new long[256];
    private double[] values = new double[256];
    private int size;

    IndicatorLine(boolean ownScale) {
        this.ownScale = ownScale;
    }

    /** True for an oscillator drawn in its own pane, false for a line over the price. */
    public boolean ownScale() {
        return ownScale;
    }

    void add(long timeSec, double value) {
        if (size == timesSec.length) {
            timesSec = Arrays.copyOf(timesSec, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        timesSec[size] = timeSec;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public long timeSec(int i) {
        return timesSec[i];
    }

    public double value(int i) {
        return values[i];
    }
}
