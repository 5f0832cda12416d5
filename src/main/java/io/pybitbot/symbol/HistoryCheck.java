package io.pybitbot.symbol;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.List;
import java.util.Optional;

/**
 * Whether closed candles are fit to warm strategies up or to fill a gap: every price positive and finite,
 * starts aligned to the interval, strictly increasing, and closed by {@code nowMs}. ({@link Candle} itself
 * guarantees consistent OHLC and non-negative volume.) Pure; the venue adapter validates too, this is the
 * symbol's own guard whatever the {@link MarketData} behind it.
 */
public final class HistoryCheck {

    private HistoryCheck() {}

    public static Optional<String> firstProblem(List<Candle> candles, Interval interval, long nowMs) {
        long previous = Long.MIN_VALUE;
        for (Candle c : candles) {
            if (!(positive(c.open()) && positive(c.high()) && positive(c.low()) && positive(c.close()))) {
                return Optional.of("candle at " + c.startMs() + " has a price that is not positive and finite: open="
                        + c.open() + " high=" + c.high() + " low=" + c.low() + " close=" + c.close());
            }
            if (!interval.isAligned(c.startMs())) {
                return Optional.of("candle start " + c.startMs() + " is not aligned to interval " + interval.code());
            }
            if (c.startMs() <= previous) {
                return Optional.of("candle start " + c.startMs() + " does not follow " + previous);
            }
            if (c.startMs() + interval.millis() > nowMs) {
                return Optional.of("candle at " + c.startMs() + " has not closed yet (now " + nowMs + ")");
            }
            previous = c.startMs();
        }
        return Optional.empty();
    }

    private static boolean positive(double p) {
        return p > 0 && Double.isFinite(p);
    }
}
