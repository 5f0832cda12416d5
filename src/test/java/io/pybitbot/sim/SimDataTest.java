package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Interval;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimDataTest {

    @Test
    void bundledDataGivesBtcAtOneMinuteAndEthAtFive() {
        List<CandleSeries> s = SimData.load(SimSettings.defaults());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), s.stream().map(CandleSeries::symbol).toList());
        assertEquals(Interval.M1, s.get(0).interval());
        assertEquals(Interval.M5, s.get(1).interval());
        assertTrue(s.get(1).size() > SimSettings.defaults().warmupCandles(), "ETH replays beyond its warm-up");
        SimCore core = new SimCore(s, SimSettings.defaults(), 1_700_000_000_000L);
        core.step();
        assertEquals(201, core.klines("ETHUSDT", Interval.M5, Long.MIN_VALUE, Long.MAX_VALUE, 1000).size());
    }

    @Test
    void csvDirectoryPicksTheFinestIntervalPerSymbol(@TempDir Path dir) {
        CandleCsv.write(dir.resolve(CandleCsv.fileName("SOLUSDT", Interval.M5)),
                SyntheticData.generate("SOLUSDT", Interval.M5, 1, 0, 300, 100));
        CandleCsv.write(dir.resolve(CandleCsv.fileName("SOLUSDT", Interval.M15)),
                SyntheticData.generate("SOLUSDT", Interval.M15, 1, 0, 300, 100));
        CandleCsv.write(dir.resolve(CandleCsv.fileName("XRPUSDT", Interval.M1)),
                SyntheticData.generate("XRPUSDT", Interval.M1, 1, 0, 300, 0.5));
        List<CandleSeries> all = SimData.load(SimSettings.defaults().withData(dir.toString(), List.of()));
        assertEquals(2, all.size());
        CandleSeries sol = all.stream().filter(c -> c.symbol().equals("SOLUSDT")).findFirst().orElseThrow();
        assertEquals(Interval.M5, sol.interval());
        List<CandleSeries> one = SimData.load(SimSettings.defaults().withData(dir.toString(), List.of("XRPUSDT")));
        assertEquals(List.of("XRPUSDT"), one.stream().map(CandleSeries::symbol).toList());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> SimData.load(SimSettings.defaults().withData(dir.toString(), List.of("BTCUSDT"))));
        assertTrue(missing.getMessage().contains("BTCUSDT"), missing.getMessage());
        IllegalArgumentException notDir = assertThrows(IllegalArgumentException.class,
                () -> SimData.load(SimSettings.defaults().withData(dir.resolve("nope").toString(), List.of())));
        assertTrue(notDir.getMessage().contains("not a directory"), notDir.getMessage());
    }

    @Test
    void syntheticDataIsSeededPerSymbol() {
        SimSettings s = SimSettings.defaults().withData("synthetic", List.of("BTCUSDT", "FOOUSDT"))
                .withSynthetic("5", 500, 11);
        List<CandleSeries> a = SimData.load(s);
        List<CandleSeries> b = SimData.load(s);
        assertEquals(a, b);
        assertEquals(Interval.M5, a.get(1).interval());
        assertEquals(500, a.get(1).size());
    }
}
