package io.pybitbot.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import org.junit.jupiter.api.Test;

class BundledDataTest {

    @Test
    void btcTradesAggregateIntoGaplessMinuteCandles() {
        CandleSeries s = BundledData.load("BTCUSDT", Interval.M1);
        assertTrue(s.size() > 8000, "minutes: " + s.size());
        // 2013-11-25T00:00:00Z is the first trade's minute
        assertEquals(1385337600000L, s.firstStartMs());
        assertEquals(800.01, s.get(0).open(), 1e-12);
        s.validate();
        double volume = s.candles().stream().mapToDouble(Candle::volume).sum();
        assertTrue(volume > 1000, "total BTC volume " + volume);
    }

    @Test
    void ethFiveMinuteCandlesStartOnTheirBoundary() {
        CandleSeries s = BundledData.load("ETHUSDT", Interval.M5);
        assertEquals(580, s.size());
        Candle first = s.get(0);
        assertEquals(1678730400000L, first.startMs()); // endTime 1678730699999 + 1 - 5 min
        assertEquals(1673.58, first.open(), 1e-12);
        assertEquals(1672.99, first.close(), 1e-12);
    }

    @Test
    void resamplesToWholeMultiplesOnly() {
        CandleSeries m1 = BundledData.load("BTCUSDT", Interval.M1);
        CandleSeries m5 = BundledData.load("BTCUSDT", Interval.M5);
        assertTrue(m5.size() >= m1.size() / 5 - 1 && m5.size() <= m1.size() / 5 + 1);
        assertEquals(0, m5.firstStartMs() % Interval.M5.millis());
        DataException e = assertThrows(DataException.class, () -> BundledData.load("ETHUSDT", Interval.M1));
        assertTrue(e.getMessage().contains("ETHUSDT") && e.getMessage().contains("interval 5"), e.getMessage());
        assertTrue(assertThrows(DataException.class, () -> BundledData.load("DOGEUSDT", Interval.M5))
                .getMessage().contains("DOGEUSDT"));
    }
}
