package io.pybitbot.indicator;

/**
 * Wilder's smoothed moving average (an EMA with alpha = 1/period): seeded with the simple mean of the
 * first {@code period} inputs, then {@code avg += (x - avg) / period}.
 */
final class WilderAverage {

    private final int period;
    private int count;
    private double seedSum;
    private double average = Double.NaN;

    WilderAverage(int period) {
        this.period = period;
    }

    double update(double x) {
        if (count < period) {
            seedSum += x;
            count++;
            if (count == period) {
                average = seedSum / period;
            }
        } else {
            average += (x - average) / period;
        }
        return average;
    }

    boolean isReady() {
        return count >= period;
    }

    double value() {
        return average;
    }

    void reset() {
        count = 0;
        seedSum = 0;
        average = Double.NaN;
    }
}
