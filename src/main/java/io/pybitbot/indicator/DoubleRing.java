package io.pybitbot.indicator;

import java.util.Arrays;

/** Fixed-capacity FIFO window over a primitive array; {@link #push} evicts the oldest value once full. */
final class DoubleRing {

    private final double[] values;
    private int next;
    private int size;

    DoubleRing(int capacity) {
        this.values = new double[capacity];
    }

    /** Appends {@code x}; returns the value it evicted, or {@code NaN} if the ring was not yet full. */
    double push(double x) {
        double evicted = Double.NaN;
        if (size == values.length) {
            evicted = values[next];
        } else {
            size++;
        }
        values[next] = x;
        next = next + 1 == values.length ? 0 : next + 1;
        return evicted;
    }

    boolean isFull() {
        return size == values.length;
    }

    int size() {
        return size;
    }

    /** The i-th stored value in insertion order, 0 being the oldest. */
    double get(int i) {
        int start = size == values.length ? next : 0;
        int idx = start + i;
        return values[idx >= values.length ? idx - values.length : idx];
    }

    /** Exact sum of the window in insertion order, used to cancel running-sum drift. */
    double sum() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += get(i);
        }
        return s;
    }

    void clear() {
        Arrays.fill(values, 0);
        next = 0;
        size = 0;
    }
}
