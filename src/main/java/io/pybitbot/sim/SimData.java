package io.pybitbot.sim;

import io.pybitbot.data.BundledData;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Interval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Loads the candle series the simulator replays, from the source named in {@link SimSettings#data()}. */
public final class SimData {

    private SimData() {
    }

    public static List<CandleSeries> load(SimSettings s) {
        String data = s.data();
        if (data.equals("bundled")) {
            List<String> symbols = s.symbols().isEmpty() ? List.of(BundledData.BTC, BundledData.ETH) : s.symbols();
            List<CandleSeries> out = new ArrayList<>();
            for (String sym : symbols) {
                out.add(BundledData.load(sym, BundledData.baseInterval(sym)));
            }
            return out;
        }
        if (data.equals("synthetic")) {
            List<String> symbols = s.symbols().isEmpty() ? List.of("BTCUSDT", "ETHUSDT") : s.symbols();
            Interval interval = Interval.parse(s.syntheticInterval());
            List<CandleSeries> out = new ArrayList<>();
            for (String sym : symbols) {
                out.add(SyntheticData.generate(sym, interval, s.seed(), 0, s.syntheticCandles(),
                        startPrice(sym)));
            }
            return out;
        }
        return fromDirectory(Path.of(data), s.symbols());
    }

    /**
     * Funding settlements of the replayed symbols: a {@code SYMBOL_funding.csv} next to the candle files (what
     * {@code download --funding} writes), the same file the backtester reads. Bundled and synthetic data have none.
     */
    public static Map<String, io.pybitbot.data.FundingRates> funding(SimSettings s, List<CandleSeries> series) {
        String data = s.data();
        if (data.equals("bundled") || data.equals("synthetic")) {
            return Map.of();
        }
        Map<String, io.pybitbot.data.FundingRates> out = new LinkedHashMap<>();
        for (CandleSeries c : series) {
            Path file = Path.of(data).resolve(io.pybitbot.data.FundingRates.fileName(c.symbol()));
            if (Files.isRegularFile(file)) {
                out.put(c.symbol(), io.pybitbot.data.FundingRates.read(file));
            }
        }
        return out;
    }

    /** A plausible price level per symbol so instrument rules (tick, step) look like Bybit's. */
    static double startPrice(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> 30_000;
            case "ETHUSDT" -> 2_000;
            case "SOLUSDT" -> 100;
            case "XRPUSDT" -> 0.5;
            default -> 10 + Math.floorMod(symbol.hashCode(), 990);
        };
    }

    /** Every CSV in {@code dir} named like {@code BTCUSDT_1.csv}; the finest interval per symbol wins. */
    static List<CandleSeries> fromDirectory(Path dir, List<String> symbols) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data must be 'bundled', 'synthetic' or a directory of candle CSV"
                    + " files, but " + dir.toAbsolutePath() + " is not a directory");
        }
        Map<String, CandleCsv.SymbolInterval> best = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.sorted().toList()) {
                Optional<CandleCsv.SymbolInterval> si = CandleCsv.parseFileName(p.getFileName().toString());
                if (si.isEmpty() || (!symbols.isEmpty() && !symbols.contains(si.get().symbol()))) {
                    continue;
                }
                CandleCsv.SymbolInterval prev = best.get(si.get().symbol());
                if (prev == null || si.get().interval().millis() < prev.interval().millis()) {
                    best.put(si.get().symbol(), si.get());
                    files.put(si.get().symbol(), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir.toAbsolutePath(), e);
        }
        for (String sym : symbols) {
            if (!best.containsKey(sym)) {
                throw new IllegalArgumentException("no candle file for " + sym + " in " + dir.toAbsolutePath()
                        + " (expected e.g. " + CandleCsv.fileName(sym, Interval.M1) + ")");
            }
        }
        if (best.isEmpty()) {
            throw new IllegalArgumentException("no candle CSV files in " + dir.toAbsolutePath());
        }
        List<CandleSeries> out = new ArrayList<>();
        best.forEach((sym, si) -> out.add(CandleCsv.read(files.get(sym), sym, si.interval())));
        return out;
    }
}
