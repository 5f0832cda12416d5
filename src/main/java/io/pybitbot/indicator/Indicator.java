package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * An incremental technical indicator: fed one closed candle at a time, O(1) work and no allocation
 * per update. {@link #value()}, and every other output unless its javadoc says otherwise, is {@code NaN}
 * until {@link #isReady()}. Inputs must be finite (and bars consistent, low <= close <= high); anything
 * else is rejected with an {@link IllegalArgumentException} naming the indicator, because one NaN
 * would poison the running state for good.
 */
public interface Indicator {

    /** Feeds one closed candle; single-input indicators use its close. */
    void update(Candle c);

    /** True once {@link #warmupPeriod()} inputs have been seen since construction or {@link #reset()}. */
    boolean isReady();

    /** The indicator's main output, {@code NaN} while warming up. */
    double value();

    /** Forgets every input, as if freshly constructed. */
    void reset();

    /** Number of inputs needed before {@link #isReady()} becomes true. */
    int warmupPeriod();
}
