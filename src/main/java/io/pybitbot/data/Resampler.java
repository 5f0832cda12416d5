package io.pybitbot.data;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;

/** Aggregates candles into a longer interval, aligned to that interval's boundaries (UTC epoch). */
public final class Resampler {

    private Resampler() {
    }

    /**
     * Resamples {@code series} to {@code target}. Only whole buckets are emitted: a leading or trailing
     * bucket that is not fully covered by source candles is dropped, so every output candle is complete.
     */
    public static CandleSeries resample(CandleSeries series, Interval target) {
        Interval source = series.interval();
        if (target == source) {
            return series;
        }
        if (target == Interval.MONTH || source == Interval.MONTH || target.millis() % source.millis() != 0) {
            throw new DataException(series.source() + ": cannot resample interval " + source.code() + " to "
                    + target.code() + " (the target must be a whole multiple of the source)");
        }
        int perBucket = (int) (target.millis() / source.millis());
        List<Candle> out = new ArrayList<>(series.size() / perBucket + 1);
        List<Candle> in = series.candles();
        int i = 0;
        while (i < in.size()) {
            long bucket = Math.floorDiv(in.get(i).startMs(), target.millis()) * target.millis();
            int j = i;
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            double volume = 0;
            double turnover = 0;
            while (j < in.size() && in.get(j).startMs() < bucket + target.millis()) {
                Candle c = in.get(j);
                high = Math.max(high, c.high());
                low = Math.min(low, c.low());
                volume += c.volume();
                turnover += c.turnover();
                j++;
            }
            if (j - i == perBucket) {
                out.add(Candle.closed(bucket, in.get(i).open(), high, low, in.get(j - 1).close(), volume, turnover));
            }
            i = j;
        }
        return new CandleSeries(series.symbol(), target, out, series.source() + " resampled to " + target.code());
    }
}
