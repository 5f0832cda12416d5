package io.pybitbot.download;

import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Brings one candle file up to date: reads what it has, fetches only the missing spans with backward
 * pages (newest first, {@code end} moved to the oldest start seen minus one), merges by start time
 * (so overlapping pages cannot duplicate a candle), and rewrites the file atomically, also every few
 * pages while the merged candles are gap-free, so an interrupted run leaves a valid, longer file.
 *
 * <p>A span for which the exchange returns nothing (a listing after {@code --from}, a halt) ends that
 * span at once rather than being retried; the file then holds the newest gap-free run of candles and
 * the outcome says what the exchange lacks.
 */
public final class KlineDownloader {

    public static final int MAX_PAGE = 1000;

    /**
     * @param fromMs first wanted start (aligned); {@code toMs} exclusive end, at most the start of the
     *               still-open candle
     */
    public record Request(String symbol, Interval interval, long fromMs, long toMs, Path file) {
        public Request {
            Objects.requireNonNull(symbol, "symbol");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(file, "file");
            if (toMs <= fromMs) {
                throw new IllegalArgumentException(symbol + ": empty range " + fromMs + ".." + toMs);
            }
        }
    }

    /**
     * What a run must fetch: the file's candles and the spans missing from them in {@code range}
     * (the request widened to cover the file).
     */
    public record Plan(Request request, TreeMap<Long, Candle> existing, Span range, List<Span> missing) {
        public long expectedCandles() {
            long step = request.interval().millis();
            return missing.stream().mapToLong(s -> s.candles(step)).sum();
        }
    }

    /**
     * @param fetched        new candles added by this run
     * @param alreadyPresent candles the file held before
     * @param total          candles written
     * @param notes          what the exchange lacks (gaps it really has), for the user
     */
    public record Outcome(Request request, long fetched, long alreadyPresent, long total, long firstMs, long lastMs,
                          int requests, List<String> notes) {
    }

    private final KlinePager pager;
    private final int pagesPerWrite;

    /** @param pagesPerWrite how many pages to fetch between intermediate file writes */
    public KlineDownloader(KlinePager pager, int pagesPerWrite) {
        this.pager = Objects.requireNonNull(pager, "pager");
        if (pagesPerWrite < 1) {
            throw new IllegalArgumentException("pagesPerWrite must be >= 1, got " + pagesPerWrite);
        }
        this.pagesPerWrite = pagesPerWrite;
    }

    /**
     * Reads the file and lists the missing spans. The range covered is the union of the request and
     * the file, so the gap between an old file and a new range is filled too and the result stays gap-free.
     */
    public static Plan plan(Request r) {
        TreeMap<Long, Candle> existing = ExistingCandles.read(r.file(), r.symbol(), r.interval());
        long step = r.interval().millis();
        long from = r.fromMs();
        long to = r.toMs();
        if (!existing.isEmpty()) {
            from = Math.min(from, existing.firstKey());
            to = Math.max(to, existing.lastKey() + step);
        }
        return new Plan(r, existing, new Span(from, to), Span.missing(existing.keySet(), from, to, step));
    }

    /**
     * Fetches the plan's spans (newest first) and writes the file.
     *
     * @param progress receives the number of new candles after each page
     * @throws DownloadException when a page cannot be fetched (the file keeps what was written so far)
     */
    public Outcome execute(Plan plan, LongConsumer progress) {
        Request r = plan.request();
        long step = r.interval().millis();
        TreeMap<Long, Candle> merged = new TreeMap<>(plan.existing());
        long fetched = 0;
        int requests = 0;
        int pagesSinceWrite = 0;
        List<Span> spans = new ArrayList<>(plan.missing());
        java.util.Collections.reverse(spans);
        for (Span span : spans) {
            long end = span.toMs() - 1;
            while (true) {
                long lastStart = Math.floorDiv(end, step) * step;
                int limit = (int) Math.min(MAX_PAGE, (lastStart - span.fromMs()) / step + 1);
                List<Candle> page = pager.page(r.symbol(), r.interval(), end, limit);
                requests++;
                long oldest = Long.MAX_VALUE;
                int atOrBeforeEnd = 0;
                for (Candle c : page) {
                    if (c.startMs() <= end) {
                        atOrBeforeEnd++;
                    }
                    if (Math.floorMod(c.startMs(), step) != 0) {
                        throw new DownloadException(r.symbol() + ": the exchange sent a candle at " + c.startMs()
                                + " that is not aligned to interval " + r.interval().code());
                    }
                    if (c.startMs() < span.fromMs() || c.startMs() >= span.toMs() || !c.confirmed()) {
                        continue;
                    }
                    if (merged.put(c.startMs(), c) == null) {
                        fetched++;
                    }
                    if (c.startMs() <= end) {
                        oldest = Math.min(oldest, c.startMs());
                    }
                }
                progress.accept(fetched);
                // a short page is all the exchange has up to end: what is still missing there, it lacks
                if (oldest == Long.MAX_VALUE || oldest <= span.fromMs() || atOrBeforeEnd < limit) {
                    break;
                }
                end = oldest - 1;
                if (++pagesSinceWrite >= pagesPerWrite && isGapFree(merged, step)) {
                    write(r, merged);
                    pagesSinceWrite = 0;
                }
            }
        }
        if (merged.isEmpty()) {
            throw new DownloadException(r.symbol() + ": the exchange has no " + r.interval().code()
                    + " candles between " + time(r.fromMs()) + " and " + time(r.toMs())
                    + " (not listed yet, or delisted?)");
        }
        List<String> notes = new ArrayList<>();
        // every page was answered: whatever is still missing, the exchange does not have
        for (Span h : Span.missing(merged.keySet(), plan.range().fromMs(), plan.range().toMs(), step)) {
            if (h.fromMs() < merged.firstKey()) {
                notes.add("the exchange has no candles before " + time(h.toMs()) + " (asked from " + time(h.fromMs())
                        + "; listed later?): the file starts at its first candle");
            } else if (h.toMs() > merged.lastKey()) {
                notes.add("the exchange has no candles from " + time(h.fromMs()) + " to " + time(h.toMs())
                        + ": the file ends at " + time(merged.lastKey()));
            } else {
                notes.add("the exchange has no candles from " + time(h.fromMs()) + " to " + time(h.toMs())
                        + " (" + h.candles(step) + " missing)");
            }
        }
        List<Candle> kept = newestGapFreeRun(merged, step);
        if (kept.size() < merged.size()) {
            notes.add("kept the " + kept.size() + " candles from " + time(kept.get(0).startMs())
                    + " on and dropped " + (merged.size() - kept.size()) + " older ones, so the file has no gap");
        }
        CandleSeries series = write(r, kept);
        long first = series.firstStartMs();
        long last = series.lastStartMs();
        return new Outcome(r, fetched, plan.existing().size(), series.size(), first, last, requests, List.copyOf(notes));
    }

    private static boolean isGapFree(TreeMap<Long, Candle> candles, long step) {
        return candles.isEmpty() || candles.lastKey() - candles.firstKey() == (candles.size() - 1L) * step;
    }

    private static List<Candle> newestGapFreeRun(TreeMap<Long, Candle> candles, long step) {
        List<Candle> run = new ArrayList<>();
        Long expected = null;
        for (Map.Entry<Long, Candle> e : candles.descendingMap().entrySet()) {
            if (expected != null && e.getKey() != expected.longValue()) {
                break;
            }
            run.add(e.getValue());
            expected = e.getKey() - step;
        }
        java.util.Collections.reverse(run);
        return run;
    }

    private static CandleSeries write(Request r, TreeMap<Long, Candle> candles) {
        return write(r, new ArrayList<>(candles.values()));
    }

    /** Verified before it is written: a gap, duplicate or misalignment is a bug and must not reach the file. */
    private static CandleSeries write(Request r, List<Candle> candles) {
        CandleSeries series = new CandleSeries(r.symbol(), r.interval(), candles, r.file().toString()).validate();
        CandleCsv.write(r.file(), series);
        return series;
    }

    static String time(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }
}
