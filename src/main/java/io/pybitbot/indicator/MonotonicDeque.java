package io.pybitbot.indicator;

/**
 * Sliding-window extreme (max or min) in O(1) amortised per value: a deque over primitive ring arrays
 * holding candidates in monotonic order, each tagged with its sequence number so it can expire.
 */
final class MonotonicDeque {

    private final int period;
    private final boolean max;
    private final double[] values;
    private final long[] seqs;
    private int head;
    private int size;
    private long seq;

    MonotonicDeque(int period, boolean max) {
        this.period = period;
        this.max = max;
        this.values = new double[period];
        this.seqs = new long[period];
    }

    /** Adds {@code x} and returns the extreme of the last {@code period} values (or fewer, while filling). */
    double push(double x) {
        // a newer value at least as extreme makes older candidates useless: they would expire first
        while (size > 0 && dominates(x, values[index(size - 1)])) {
            size--;
        }
        if (size > 0 && seqs[head] <= seq - period) {
            head = index(1);
            size--;
        }
        int tail = index(size);
        values[tail] = x;
        seqs[tail] = seq;
        size++;
        seq++;
        return values[head];
    }

    private boolean dominates(double x, double existing) {
        return max ? x >= existing : x <= existing;
    }

    private int index(int offset) {
        int i = head + offset;
        return i >= values.length ? i - values.length : i;
    }

    long count() {
        return seq;
    }

    void clear() {
        head = 0;
        size = 0;
        seq = 0;
    }
}
