package io.pybitbot.download;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Candle starts in {@code [fromMs, toMs)}, both aligned to the interval.
 */
public record Span(long fromMs, long toMs) {

    public Span {
        if (toMs <= fromMs) {
            throw new IllegalArgumentException("empty span " + fromMs + ".." + toMs);
        }
    }

    public long candles(long stepMs) {
        return (toMs - fromMs) / stepMs;
    }

    /**
     * The spans of {@code [fromMs, toMs)} that hold no start from {@code present} (ascending, aligned),
     * oldest first: before the first present candle, between non-adjacent ones, and after the last.
     */
    public static List<Span> missing(Collection<Long> present, long fromMs, long toMs, long stepMs) {
        List<Span> out = new ArrayList<>();
        long cursor = fromMs;
        Iterator<Long> it = present.iterator();
        while (it.hasNext() && cursor < toMs) {
            long start = it.next();
            if (start < cursor) {
                continue;
            }
            long gapEnd = Math.min(start, toMs);
            if (gapEnd > cursor) {
                out.add(new Span(cursor, gapEnd));
            }
            cursor = start + stepMs;
        }
        if (cursor < toMs) {
            out.add(new Span(cursor, toMs));
        }
        return out;
    }
}
