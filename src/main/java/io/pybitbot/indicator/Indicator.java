package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/**
 * An incremental technical indicator: fed one closed candle at a time, O(1) work and no allocation
 * per update. Every accessor returns {@code NaN} until {@link #isReady()}.
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
