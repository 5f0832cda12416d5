package io.pybitbot.indicator;

import io.pybitbot.domain.Candle;

/** An indicator over one series of numbers; fed from candles it uses the close. */
public abstract class SingleInputIndicator implements Indicator {

    /** Feeds one value and returns the new {@link #value()} ({@code NaN} while warming up). */
    public abstract double update(double x);

    @Override
    public final void update(Candle c) {
        update(c.close());
    }
}
