package io.pybitbot.backtest;

import java.util.Arrays;

/**
 * Portfolio equity sampled once per timestamp of the merged candle timeline, in growable primitive
 * arrays (a million samples cost 16 MB, not a million objects).
 */
public final class EquityCurve {
    private long[] times = new long[1024];
    private double[] equity = new double[1024];
    private int size;

    public void add(long timeMs, double value) {
        if (size > 0 && times[size - 1] == timeMs) {
            equity[size - 1] = value; // several symbols share a timestamp: keep the last mark
            return;
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            equity = Arrays.copyOf(equity, size * 2);
        }
        times[size] = timeMs;
        equity[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public long time(int i) {
        return times[i];
    }

    public double equity(int i) {
        return equity[i];
    }

    public double[] values() {
        return Arrays.copyOf(equity, size);
    }

    public double last() {
        return size == 0 ? Double.NaN : equity[size - 1];
    }

    /** Fall from the running peak at each sample, as a fraction of the peak. */
    public double[] drawdowns() {
        double[] dd = new double[size];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            peak = Math.max(peak, equity[i]);
            dd[i] = peak > 0 ? (peak - equity[i]) / peak : 0;
        }
        return dd;
    }
}
