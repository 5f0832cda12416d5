package io.pybitbot.domain;

/**
 * One OHLCV candle. Prices are {@code double}: candles feed indicators and the fill model, which
 * compute in floating point; orders convert to {@link java.math.BigDecimal} through
 * {@link InstrumentSpec} at the exchange boundary.
 *
 * @param startMs   candle start, epoch milliseconds (Bybit's {@code start})
 * @param volume    base-asset volume
 * @param turnover  quote-asset volume (USDT)
 * @param confirmed true once the candle is closed (Bybit's {@code confirm})
 */
public record Candle(long startMs, double open, double high, double low, double close,
                     double volume, double turnover, boolean confirmed) {

    public Candle {
        if (!Double.isFinite(high) || !Double.isFinite(low) || !Double.isFinite(volume) || !Double.isFinite(turnover)) {
            throw new IllegalArgumentException("non-finite value in candle at " + startMs + ": high=" + high
                    + " low=" + low + " volume=" + volume + " turnover=" + turnover);
        }
        if (!(high >= low) || !(high >= open) || !(high >= close) || !(low <= open) || !(low <= close)) {
            throw new IllegalArgumentException("inconsistent candle at " + startMs + ": open=" + open
                    + " high=" + high + " low=" + low + " close=" + close);
        }
        if (!(volume >= 0) || !(turnover >= 0)) {
            throw new IllegalArgumentException("negative volume or turnover in candle at " + startMs);
        }
    }

    /** A closed candle. */
    public static Candle closed(long startMs, double open, double high, double low, double close,
                                double volume, double turnover) {
        return new Candle(startMs, open, high, low, close, volume, turnover, true);
    }

    /** Start of the next candle for the given interval, i.e. the moment this one closes. */
    public long endMs(Interval interval) {
        return startMs + interval.millis();
    }
}
