package io.pybitbot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void aggregatesOhlcvAndDropsPartialBuckets() {
        List<Candle> in = new ArrayList<>();
        // starts at minute 3: bucket [0,5) is partial and must be dropped; [5,10) is whole; [10,15) partial
        double[][] ohlc = {{10, 11, 9, 10.5}, {10.5, 12, 10, 11}, {11, 11.5, 10.8, 11.2}, {11.2, 13, 11, 12.5},
                {12.5, 12.6, 8, 9}, {9, 10, 8.5, 9.5}, {9.5, 9.6, 9.1, 9.2}, {9.2, 9.9, 9.0, 9.8}, {9.8, 9.9, 9.7, 9.7}};
        for (int i = 0; i < ohlc.length; i++) {
            in.add(Candle.closed((3 + i) * 60_000L, ohlc[i][0], ohlc[i][1], ohlc[i][2], ohlc[i][3], 1 + i, 10 * (1 + i)));
        }
        CandleSeries out = Resampler.resample(new CandleSeries("X", Interval.M1, in, "t"), Interval.M5);
        assertEquals(1, out.size());
        Candle c = out.get(0);
        assertEquals(5 * 60_000L, c.startMs());
        assertEquals(11, c.open());     // minute 5 is input index 2
        assertEquals(13, c.high());
        assertEquals(8, c.low());
        assertEquals(9.2, c.close());   // minute 9 is input index 6
        assertEquals(3 + 4 + 5 + 6 + 7, c.volume());
        assertEquals(250, c.turnover());
    }

    @Test
    void refusesNonMultiples() {
        CandleSeries s = new CandleSeries("X", Interval.M3, List.of(), "t");
        assertThrows(DataException.class, () -> Resampler.resample(s, Interval.M5));
    }

    @Test
    void tradeAggregatorFillsQuietMinutesWithFlatCandles() {
        TradeAggregator agg = new TradeAggregator(Interval.M1);
        agg.add(1_000, 100, 1);
        agg.add(59_000, 102, 2);
        agg.add(185_000, 99, 1); // minute 3; minutes 1 and 2 had no trade
        List<Candle> out = agg.finish(true);
        assertEquals(4, out.size());
        assertEquals(Candle.closed(0, 100, 102, 100, 102, 3, 100 + 204), out.get(0));
        assertEquals(Candle.closed(60_000, 102, 102, 102, 102, 0, 0), out.get(1));
        assertEquals(Candle.closed(120_000, 102, 102, 102, 102, 0, 0), out.get(2));
        assertEquals(99, out.get(3).close());
        assertThrows(DataException.class, () -> {
            TradeAggregator a = new TradeAggregator(Interval.M1);
            a.add(120_000, 1, 1);
            a.add(60_000, 1, 1);
        });
    }

    @Test
    void syntheticDataIsDeterministicPerSeedAndSymbol() {
        CandleSeries a = SyntheticData.generate("AUSDT", Interval.M1, 42, 0, 1000, 100);
        CandleSeries b = SyntheticData.generate("AUSDT", Interval.M1, 42, 0, 1000, 100);
        CandleSeries c = SyntheticData.generate("BUSDT", Interval.M1, 42, 0, 1000, 100);
        assertEquals(a.candles(), b.candles());
        org.junit.jupiter.api.Assertions.assertNotEquals(a.candles(), c.candles());
        a.validate();
    }
}
