package io.pybitbot.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketFeedTest {

    private static final long M = 60_000;
    private static final long REPLAY = 1_700_000_000_000L / (5 * M) * (5 * M);

    private static CandleSeries series(String symbol, Interval interval, long firstStart, double... closes) {
        List<Candle> cs = new ArrayList<>();
        double prev = closes[0];
        for (int i = 0; i < closes.length; i++) {
            double o = prev;
            double c = closes[i];
            cs.add(Candle.closed(firstStart + i * interval.millis(), o, Math.max(o, c) + 1, Math.min(o, c) - 1, c, 10,
                    10 * c));
            prev = c;
        }
        return new CandleSeries(symbol, interval, cs, "test");
    }

    /** Records listener calls as text. */
    private static final class Log implements MarketFeed.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onCandleOpen(String symbol, Candle c, long now) {
            events.add("open " + symbol + " " + (c.startMs() - REPLAY) / M + " @" + (now - REPLAY) / 1000);
        }

        @Override
        public void onInterim(String symbol, Candle partial, long now) {
            events.add("interim " + symbol + " " + partial.close());
        }

        @Override
        public void onCandleClose(String symbol, Candle c, long now) {
            events.add("close " + symbol + " " + (c.startMs() - REPLAY) / M + " " + c.confirmed());
        }
    }

    @Test
    void theDefaultReplayStartKeepsTheDatasTimeOfDay() {
        long day = 86_400_000L;
        // history of 2 candles: the third candle (the first replayed) starts at 01:55 UTC of its day
        long first = 1_385_337_600_000L + 110 * M; // 2013-11-25T01:50Z
        CandleSeries s = series("BTCUSDT", Interval.M5, first, 1, 2, 3, 4);
        long now = 1_796_400_000_000L + 12_345;
        long start = MarketFeed.dayAlignedStart(List.of(s), now, 2, null);
        assertTrue(start >= now && start < now + day, "within a day from now: " + (start - now));
        assertEquals(Math.floorMod(first + 2 * 5 * M, day), Math.floorMod(start, day), "same time of day");
        // two runs on different days of the week, at different hours, start at the same time of day
        assertEquals(Math.floorMod(start, day), Math.floorMod(MarketFeed.dayAlignedStart(List.of(s), now + 3 * day + 7 * 3_600_000L,
                2, null), day));
        MarketFeed feed = new MarketFeed(List.of(s), start, 2, 1);
        assertEquals(0, Math.floorMod(feed.shiftMs("BTCUSDT"), day), "whole days: the data's UTC days stay its days");
    }

    @Test
    void seriesFromDifferentDatesStartTogetherAfterTheirWarmUp() {
        CandleSeries btc = series("BTCUSDT", Interval.M1, 0, 100, 101, 102, 103, 104, 105);
        CandleSeries eth = series("ETHUSDT", Interval.M5, 86_400_000L * 400, 10, 11, 12);
        MarketFeed feed = new MarketFeed(List.of(btc, eth), REPLAY, 2, 1);
        assertEquals(M, feed.tickMs());
        Log log = new Log();
        feed.step(log);
        assertEquals(REPLAY, feed.nowMs());
        assertTrue(log.events.contains("open BTCUSDT 0 @0"), log.events::toString);
        assertTrue(log.events.contains("open ETHUSDT 0 @0"), log.events::toString);
        // history is served at once: two warm-up candles plus the forming one, newest first
        List<Candle> k = feed.klines("BTCUSDT", Interval.M1, Long.MIN_VALUE, Long.MAX_VALUE, 10);
        assertEquals(3, k.size());
        assertEquals(REPLAY, k.get(0).startMs());
        assertFalse(k.get(0).confirmed());
        assertTrue(k.get(1).confirmed());
        assertEquals(REPLAY - M, k.get(1).startMs());
        List<Candle> e = feed.klines("ETHUSDT", Interval.M5, Long.MIN_VALUE, Long.MAX_VALUE, 10);
        assertEquals(REPLAY - 10 * M, e.get(2).startMs());
    }

    @Test
    void interimUpdatesWalkTheCandlePathThenConfirm() {
        // bullish candle 100 -> 104 with low 99, high 105: path O 100, L 99, H 105, C 104
        List<Candle> cs = List.of(Candle.closed(0, 90, 91, 89, 90, 1, 1), Candle.closed(M, 100, 105, 99, 104, 30, 3000),
                Candle.closed(2 * M, 104, 104, 104, 104, 1, 1));
        MarketFeed feed = new MarketFeed(List.of(new CandleSeries("X", Interval.M1, cs, "t")), REPLAY, 1, 3);
        assertEquals(20_000, feed.tickMs());
        Log log = new Log();
        for (int i = 0; i < 4; i++) {
            feed.step(log);
        }
        assertEquals(List.of("open X 0 @0", "interim X 100.0", "interim X 99.0", "interim X 105.0", "close X 0 true",
                "open X 1 @60", "interim X 104.0"), log.events);
    }

    @Test
    void partialCandleHasHighLowSoFarAndProRataVolume() {
        Candle c = Candle.closed(0, 100, 110, 95, 98, 30, 3000); // bearish: O 100, H 110, L 95, C 98
        Candle half = MarketFeed.partial(c, Interval.M1, 30_000); // 1.5 legs: at H, then halfway to L
        assertEquals(110, half.high());
        assertEquals(102.5, half.close(), 1e-9);
        assertEquals(100, half.low());
        assertEquals(15, half.volume(), 1e-9);
        assertFalse(half.confirmed());
    }

    @Test
    void coarserIntervalsAggregateFromTheBaseSeries() {
        CandleSeries btc = series("BTCUSDT", Interval.M1, 0, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110,
                111, 112);
        MarketFeed feed = new MarketFeed(List.of(btc), REPLAY, 10, 1);
        feed.step(new Log());
        List<Candle> k = feed.klines("BTCUSDT", Interval.M5, Long.MIN_VALUE, Long.MAX_VALUE, 5);
        assertEquals(3, k.size());
        Candle full = k.get(1); // the five candles closing 105..109
        assertEquals(REPLAY - 5 * M, full.startMs());
        assertEquals(104, full.open());
        assertEquals(109, full.close());
        assertEquals(110, full.high());
        assertEquals(50, full.volume(), 1e-9);
        assertTrue(full.confirmed());
        assertFalse(k.get(0).confirmed());
        assertThrows(IllegalArgumentException.class,
                () -> feed.klines("BTCUSDT", Interval.MONTH, 0, Long.MAX_VALUE, 1));
    }

    @Test
    void replayEndsWhenEverySeriesIsDone() {
        MarketFeed feed = new MarketFeed(List.of(series("X", Interval.M1, 0, 1, 2, 3)), REPLAY, 1, 1);
        Log log = new Log();
        int steps = 0;
        while (!feed.finished() && steps < 10) {
            feed.step(log);
            steps++;
        }
        assertEquals(3, steps);
        assertEquals("close X 1 true", log.events.get(log.events.size() - 1));
    }

    @Test
    void historyCountedInACoarserIntervalCoversThatManyClosedCandlesOfIt() {
        double[] closes = new double[1_700];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 100 + Math.sin(i / 7.0) * 5;
        }
        // 1-minute data, history of 300 five-minute candles: 1,500 one-minute candles before the replay
        CandleSeries btc = series("BTCUSDT", Interval.M1, 7 * M, closes);
        MarketFeed feed = new MarketFeed(List.of(btc), REPLAY + 2 * M, 300, Interval.M5, 3);
        assertEquals(REPLAY, feed.replayStartMs(), "aligned down to the warm-up interval");
        assertEquals(1_500, MarketFeed.historyCandles(Interval.M1, 300, Interval.M5));
        feed.step(new Log()); // the replay's first candle opens
        List<Candle> fiveMin = feed.klines("BTCUSDT", Interval.M5, Long.MIN_VALUE, Long.MAX_VALUE, 1_000);
        assertEquals(301, fiveMin.size(), "300 closed five-minute candles and the forming one");
        assertFalse(fiveMin.get(0).confirmed());
        for (int i = 1; i < fiveMin.size(); i++) {
            Candle c = fiveMin.get(i);
            assertTrue(c.confirmed(), "closed: " + i);
            assertEquals(REPLAY - i * 5 * M, c.startMs(), "whole buckets back to back, newest first");
        }
        // the oldest five-minute candle aggregates the first five one-minute candles of the data
        Candle oldest = fiveMin.get(300);
        assertEquals(btc.get(0).open(), oldest.open());
        assertEquals(btc.get(4).close(), oldest.close());
        // one-minute history: a full page of 1,000, and paging back with end reaches the rest
        List<Candle> page = feed.klines("BTCUSDT", Interval.M1, Long.MIN_VALUE, Long.MAX_VALUE, 1_000);
        assertEquals(1_000, page.size());
        long before = page.get(page.size() - 1).startMs() - M;
        List<Candle> next = feed.klines("BTCUSDT", Interval.M1, Long.MIN_VALUE, before, 1_000);
        assertEquals(501, next.size(), "1,500 closed + the forming one, 1,000 of them on the first page");
        // without a warm-up interval the count is in the series' own candles, as before
        MarketFeed own = new MarketFeed(List.of(btc), REPLAY, 300, null, 3);
        own.step(new Log());
        assertEquals(61, own.klines("BTCUSDT", Interval.M5, Long.MIN_VALUE, Long.MAX_VALUE, 1_000).size());
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> new MarketFeed(List.of(btc), REPLAY, 400, Interval.M5, 3));
        assertTrue(tooShort.getMessage().contains("2000 candles of history (400 of interval 5)"), tooShort.getMessage());
    }
}
