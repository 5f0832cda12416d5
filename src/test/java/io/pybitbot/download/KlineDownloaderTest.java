package io.pybitbot.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.DataException;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download core with an in-memory pager: no HTTP, no actors. */
class KlineDownloaderTest {

    private static final long T0 = 1_704_067_200_000L;
    private static final long STEP = Interval.M1.millis();
    private static final CandleSeries SERIES = SyntheticData.generate("BTCUSDT", Interval.M1, 3, T0, 2500, 40_000);

    @TempDir
    Path dir;

    /** Bybit's backward page over SERIES; fails with a network error once {@code failAfter} pages were served. */
    private static KlinePager pager(AtomicInteger calls, int failAfter) {
        return (symbol, interval, endMs, limit) -> {
            if (calls.getAndIncrement() >= failAfter) {
                throw new DownloadException(symbol + ": connection reset");
            }
            List<Candle> upToEnd = SERIES.candles().stream().filter(c -> c.startMs() <= endMs).toList();
            return new ArrayList<>(upToEnd.subList(Math.max(0, upToEnd.size() - limit), upToEnd.size()));
        };
    }

    private KlineDownloader.Request request() {
        return new KlineDownloader.Request("BTCUSDT", Interval.M1, T0, T0 + 2500 * STEP, dir.resolve("BTCUSDT_1.csv"));
    }

    @Test
    void anInterruptedFreshDownloadLeavesAValidFileThatAResumeCompletes() {
        AtomicInteger calls = new AtomicInteger();
        KlineDownloader failing = new KlineDownloader(pager(calls, 2), 1);
        KlineDownloader.Plan plan = KlineDownloader.plan(request());

        DownloadException e = assertThrows(DownloadException.class, () -> failing.execute(plan, n -> { }));
        assertTrue(e.getMessage().contains("BTCUSDT: connection reset"), e.getMessage());
        // the two pages that arrived were written, newest first, gap-free
        assertEquals(SERIES.candles().subList(500, 2500), CandleCsv.read(request().file()).candles());

        AtomicInteger again = new AtomicInteger();
        KlineDownloader.Outcome o = new KlineDownloader(pager(again, Integer.MAX_VALUE), 1)
                .execute(KlineDownloader.plan(request()), n -> { });
        assertEquals(1, again.get());
        assertEquals(500, o.fetched());
        assertEquals(2000, o.alreadyPresent());
        assertEquals(SERIES.candles(), CandleCsv.read(request().file()).candles());
    }

    @Test
    void aFailureWhileFillingAnInteriorHoleKeepsTheOldFileIntact() throws Exception {
        List<Candle> old = new ArrayList<>(SERIES.candles().subList(0, 100));
        old.addAll(SERIES.candles().subList(2400, 2500));
        try (var w = Files.newBufferedWriter(request().file())) {
            CandleCsv.write(w, old);
        }
        String before = Files.readString(request().file());
        KlineDownloader.Plan plan = KlineDownloader.plan(request());
        assertEquals(List.of(new Span(T0 + 100 * STEP, T0 + 2400 * STEP)), plan.missing());
        assertEquals(2300, plan.expectedCandles());

        assertThrows(DownloadException.class, () -> new KlineDownloader(pager(new AtomicInteger(), 1), 1).execute(plan, n -> { }));
        // half a hole must not be written: the file would have two gaps
        assertEquals(before, Files.readString(request().file()));
    }

    @Test
    void aHandEditedFileWithDuplicatesAndDisorderIsRepairedOnResume() throws Exception {
        List<String> lines = new ArrayList<>(Files.exists(request().file()) ? List.of() : List.of(CandleCsv.HEADER));
        java.io.StringWriter sw = new java.io.StringWriter();
        CandleCsv.write(sw, SERIES.candles().subList(0, 2500));
        List<String> rows = new ArrayList<>(sw.toString().lines().skip(1).toList());
        rows.add(rows.get(10)); // a duplicate
        java.util.Collections.swap(rows, 3, 700); // disorder
        rows.remove(1200); // a hole
        lines.addAll(rows);
        Files.write(request().file(), lines);

        AtomicInteger calls = new AtomicInteger();
        KlineDownloader.Outcome o = new KlineDownloader(pager(calls, Integer.MAX_VALUE), 10)
                .execute(KlineDownloader.plan(request()), n -> { });

        assertEquals(1, o.fetched());
        assertEquals(1, calls.get());
        assertEquals(SERIES.candles(), CandleCsv.read(request().file()).candles());
    }

    @Test
    void aCorruptLineIsReportedWithItsFile() throws Exception {
        Files.writeString(request().file(), CandleCsv.HEADER + "\n" + T0 + ",1,2,0.5,1.5,abc,1\n");
        DataException e = assertThrows(DataException.class, () -> KlineDownloader.plan(request()));
        assertTrue(e.getMessage().contains("BTCUSDT_1.csv") && e.getMessage().contains("volume must be a number"),
                e.getMessage());
    }

    @Test
    void anUnalignedCandleFromTheExchangeIsAnError() {
        KlinePager odd = (s, i, end, limit) -> List.of(Candle.closed(T0 + 2400 * STEP + 7, 1, 1, 1, 1, 1, 1));
        DownloadException e = assertThrows(DownloadException.class,
                () -> new KlineDownloader(odd, 1).execute(KlineDownloader.plan(request()), n -> { }));
        assertTrue(e.getMessage().contains("not aligned to interval 1"), e.getMessage());
    }
}
