package io.pybitbot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandleCsvTest {

    private static CandleSeries parse(String text) {
        return CandleCsv.read(new StringReader(text), "BTCUSDT", Interval.M1, "t.csv");
    }

    @Test
    void roundTripsExactly(@TempDir Path dir) throws Exception {
        CandleSeries s = SyntheticData.generate("BTCUSDT", Interval.M1, 7, 0, 500, 30000);
        Path f = dir.resolve(CandleCsv.fileName("BTCUSDT", Interval.M1));
        CandleCsv.write(f, s);
        CandleSeries back = CandleCsv.read(f);
        assertEquals(s.candles(), back.candles());
        assertEquals("BTCUSDT", back.symbol());
        assertEquals(Interval.M1, back.interval());
        assertTrue(Files.readString(f).startsWith(CandleCsv.HEADER + "\n"));
    }

    @Test
    void writesPlainDecimalsNeverExponents() {
        assertEquals("0.00000123", CandleCsv.plain(1.23e-6));
        assertEquals("12345678901", CandleCsv.plain(1.2345678901e10));
        assertEquals("100", CandleCsv.plain(100.0));
        assertEquals("100.5", CandleCsv.plain(100.5));
    }

    @Test
    void parsesFileNames() {
        assertEquals(new CandleCsv.SymbolInterval("ETHUSDT", Interval.H1), CandleCsv.parseFileName("ETHUSDT_60.csv").orElseThrow());
        assertEquals(new CandleCsv.SymbolInterval("BTCUSDT", Interval.D1), CandleCsv.parseFileName("BTCUSDT_D.csv").orElseThrow());
        assertTrue(CandleCsv.parseFileName("BTCUSDT_7.csv").isEmpty());
        assertTrue(CandleCsv.parseFileName("btc.csv").isEmpty());
    }

    @Test
    void badHeaderNamesLineOne() {
        DataException e = assertThrows(DataException.class, () -> parse("time,o,h,l,c\n"));
        assertTrue(e.getMessage().startsWith("t.csv:1:"), e.getMessage());
    }

    @Test
    void badNumberNamesLineAndField() {
        DataException e = assertThrows(DataException.class, () -> parse(CandleCsv.HEADER + "\n"
                + "60000,1,2,0.5,1.5,10,15\n"
                + "120000,1,x,0.5,1.5,10,15\n"));
        assertTrue(e.getMessage().contains("t.csv:3") && e.getMessage().contains("high"), e.getMessage());
    }

    @Test
    void wrongFieldCountIsReported() {
        DataException e = assertThrows(DataException.class, () -> parse(CandleCsv.HEADER + "\n60000,1,2,0.5\n"));
        assertTrue(e.getMessage().contains("t.csv:2") && e.getMessage().contains("7 comma-separated"), e.getMessage());
    }

    @Test
    void inconsistentOhlcIsReported() {
        DataException e = assertThrows(DataException.class, () -> parse(CandleCsv.HEADER + "\n60000,1,0.9,0.5,0.7,1,1\n"));
        assertTrue(e.getMessage().contains("t.csv:2") && e.getMessage().contains("inconsistent"), e.getMessage());
    }

    @Test
    void gapsDuplicatesAndDisorderAreRejected() {
        String h = CandleCsv.HEADER + "\n";
        assertTrue(assertThrows(DataException.class, () -> parse(h + "60000,1,1,1,1,0,0\n180000,1,1,1,1,0,0\n"))
                .getMessage().contains("gap of 1 candle"));
        assertTrue(assertThrows(DataException.class, () -> parse(h + "60000,1,1,1,1,0,0\n60000,1,1,1,1,0,0\n"))
                .getMessage().contains("duplicate"));
        assertTrue(assertThrows(DataException.class, () -> parse(h + "120000,1,1,1,1,0,0\n60000,1,1,1,1,0,0\n"))
                .getMessage().contains("out of order"));
        assertTrue(assertThrows(DataException.class, () -> parse(h + "60001,1,1,1,1,0,0\n"))
                .getMessage().contains("not aligned"));
    }

    @Test
    void sliceIsHalfOpen() {
        CandleSeries s = new CandleSeries("X", Interval.M1, List.of(
                Candle.closed(0, 1, 1, 1, 1, 0, 0), Candle.closed(60_000, 1, 1, 1, 1, 0, 0),
                Candle.closed(120_000, 1, 1, 1, 1, 0, 0)), "x");
        assertEquals(1, s.slice(60_000, 120_000).size());
        assertEquals(2, s.slice(1, 1_000_000).size());
        assertEquals(0, s.slice(500_000, 1_000_000).size());
    }

    @Test
    void shiftingKeepsCandlesAlignedAndPricesUnchanged() {
        CandleSeries eth = BundledData.load("ETHUSDT", Interval.M5);
        long target = 1385337600000L + 60_000; // not on a 5-minute boundary
        CandleSeries moved = eth.shiftedTo(target);
        assertEquals(1385337600000L, moved.firstStartMs(), "shift rounds down to a whole interval");
        assertEquals(eth.size(), moved.size());
        assertEquals(eth.get(10).close(), moved.get(10).close());
        assertEquals(eth.get(10).startMs() - eth.firstStartMs(), moved.get(10).startMs() - moved.firstStartMs());
        moved.validate();
        assertTrue(moved.source().contains("shifted to 2013-11-25"), moved.source());
    }
}
