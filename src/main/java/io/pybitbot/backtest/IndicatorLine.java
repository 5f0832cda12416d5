package io.pybitbot.backtest;

import java.util.Arrays;

/**
 * One indicator a strategy computed, as the report draws it over the candles: its value (NaN while not ready) at each
 * recorded candle start (seconds since the epoch). Grows while the backtest runs.
 */
public final class IndicatorLine {
    private long[] timesSec = new long[256];
    private double[] values = new double[256];
    private int size;

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
