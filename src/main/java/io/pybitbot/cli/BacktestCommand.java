package io.pybitbot.cli;

import io.pybitbot.backtest.BacktestEngine;
import io.pybitbot.backtest.BacktestReport;
import io.pybitbot.backtest.BacktestResult;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.config.StrategyConfig;
import io.pybitbot.data.BundledData;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.DataException;
import io.pybitbot.data.FundingRates;
import io.pybitbot.data.Resampler;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Interval;
import io.pybitbot.strategy.StrategyRegistry;
import io.pybitbot.trading.TradingRules;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backtest}: runs the enabled strategies over candle files, the bundled real data or seeded
 * synthetic data, through the same risk, sizing, TP/SL and fill rules as live, and writes a report.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Run the enabled strategies of configs/ over historical candles with one shared portfolio.",
                "Prints a summary table and writes summary.json, trades.csv, equity.csv and report.html to --out."})
public final class BacktestCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL",
            description = "Symbols to test (default: general.json symbols). Every enabled strategy trades them.")
    List<String> symbols;

    @Option(names = "--interval", paramLabel = "CODE",
            description = "Run every enabled strategy on this Bybit interval (1, 3, 5, 15, 30, 60, ..., D) instead of its configured timeframe.")
    String interval;

    @Option(names = "--from", paramLabel = "TIME", description = "First candle start: epoch ms, 2023-03-13 or 2023-03-13T12:00 (UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End (exclusive), same formats as --from.")
    String to;

    @Option(names = "--trade-from", paramLabel = "TIME",
            description = "Candles before this only warm the strategies up (no trades), as a live node's history does.")
    String tradeFrom;

    @Option(names = "--data", paramLabel = "FILE|DIR",
            description = "A candle CSV (SYMBOL_INTERVAL.csv) or a directory of them (default: the bundled real data).")
    Path data;

    @Option(names = "--synthetic", paramLabel = "CANDLES",
            description = "Use seeded synthetic data with this many candles per symbol instead of real data.")
    Integer synthetic;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --synthetic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "backtest-out",
            description = "Directory for the report files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    private PrintStream progressStream = System.err;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        AppConfig cfg;
        try {
            cfg = config.load();
        } catch (ConfigException e) {
            return config.reportProblems(e, spec.commandLine().getErr());
        }
        OutputDir.prepare(out, "--out");
        Interval override = interval == null ? null : Interval.fromCode(interval).orElseThrow(() -> new ExitCodes.UsageException(
                "--interval: unknown interval '" + interval + "', expected one of " + Interval.validCodes()));
        if (override != null && cfg.indicators().find(override).isEmpty()) {
            throw new ExitCodes.UsageException("--interval " + override.code() + ": indicators.json has no "
                    + "$.timeframes." + override.code() + " entry and no $.default entry; add either (the shipped "
                    + "file has a $.default)");
        }
        long fromMs = from == null ? Long.MIN_VALUE : TimeArg.parseMillis("--from", from);
        long toMs = to == null ? Long.MAX_VALUE : TimeArg.parseMillis("--to", to);
        if (fromMs >= toMs) {
            throw new ExitCodes.UsageException("--from must be before --to");
        }
        if (cfg.strategies().enabled().isEmpty()) {
            throw new ExitCodes.UsageException("strategy.json: no strategy has \"enabled\": true, nothing to backtest");
        }
        if (synthetic != null && synthetic < 1) {
            throw new ExitCodes.UsageException("--synthetic must be >= 1, got " + synthetic);
        }
        List<String> universe = symbols != null ? symbols.stream().map(String::strip).toList() : cfg.general().symbols();
        StrategyRegistry registry = StrategyRegistry.load();
        List<BacktestEngine.SymbolInput> inputs = new ArrayList<>();
        for (String symbol : universe) {
            List<StrategyConfig> strategies = cfg.strategies().enabled().values().stream()
                    .filter(s -> symbols != null || s.symbols().contains(symbol)).toList();
            if (strategies.isEmpty()) {
                continue;
            }
            List<BacktestEngine.StrategySlot> slots = new ArrayList<>();
            for (StrategyConfig s : strategies) {
                StrategyConfig sc = override == null ? s
                        : new StrategyConfig(s.name(), s.enabled(), override, s.symbols(), s.params());
                slots.add(new BacktestEngine.StrategySlot(sc.name(), sc.timeframe(), registry.create(cfg, sc, symbol)));
            }
            Interval finest = slots.stream().map(BacktestEngine.StrategySlot::timeframe)
                    .min(Comparator.comparingLong(Interval::millis)).orElseThrow();
            CandleSeries all = load(symbol, finest);
            CandleSeries candles = all.slice(fromMs, toMs);
            if (candles.isEmpty()) {
                throw new DataException(candles.source() + ": no " + symbol + " candles between " + describe(fromMs, toMs)
                        + (all.isEmpty() ? "; the data has none at all"
                        : "; the data covers " + java.time.Instant.ofEpochMilli(all.firstStartMs()) + " to "
                        + java.time.Instant.ofEpochMilli(all.lastStartMs()) + " (choose --from/--to inside it)"));
            }
            inputs.add(new BacktestEngine.SymbolInput(candles,
                    Instruments.forSymbol(symbol, candles.get(0).close()), slots,
                    cfg.indicators().forTimeframe(finest).atr(), funding(symbol)));
        }
        if (inputs.isEmpty()) {
            throw new ExitCodes.UsageException("no enabled strategy trades any of the symbols " + universe);
        }
        if (data == null && synthetic == null && from == null && inputs.size() > 1) {
            inputs = alignBundled(inputs);
        }
        String description = "backtest of " + cfg.strategies().enabled().keySet() + " on "
                + inputs.stream().map(i -> i.candles().symbol() + "@" + i.candles().interval().code() + " ("
                + i.candles().size() + " candles, " + i.candles().source() + ")").collect(Collectors.joining(", "));
        long total = inputs.stream().mapToLong(i -> i.candles().size()).sum();
        ProgressBar bar = new ProgressBar(progressStream, "backtest", total, !quiet);
        TradingRules rules = TradingRules.from(cfg.execution());
        long tradeFromMs = tradeFrom == null ? Long.MIN_VALUE : TimeArg.parseMillis("--trade-from", tradeFrom);
        BacktestResult result = new BacktestEngine(new BacktestEngine.Settings(rules.initialEquity(), rules.risk(),
                rules.tpsl(), rules.fills(), tradeFromMs, rules.limitEntries())).run(inputs, description, bar::update);
        bar.finish();
        BacktestReport.writeFiles(result, out);
        BacktestReport.printTable(result, stdout);
        stdout.println("report: " + out.resolve("report.html").toAbsolutePath().normalize()
                + " (also summary.json, trades.csv, equity.csv)");
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * The bundled series were recorded in different years; one portfolio needs them side by side, so
     * each is replayed from the start of the earliest (the shift shows in the report's description).
     */
    private static List<BacktestEngine.SymbolInput> alignBundled(List<BacktestEngine.SymbolInput> inputs) {
        long start = inputs.stream().mapToLong(i -> i.candles().firstStartMs()).min().orElseThrow();
        return inputs.stream().map(i -> new BacktestEngine.SymbolInput(i.candles().shiftedTo(start), i.spec(),
                i.strategies(), i.atrPeriod())).toList();
    }

    /** Test hook: where the progress bar draws. */
    void progressStream(PrintStream ps) {
        this.progressStream = ps;
    }

    /** The symbol's funding settlements: SYMBOL_funding.csv next to the candle files, if there is one. */
    private FundingRates funding(String symbol) {
        Path dir = data == null || synthetic != null ? null : Files.isDirectory(data) ? data : data.getParent();
        Path file = dir == null ? null : dir.resolve(FundingRates.fileName(symbol));
        return file != null && Files.isRegularFile(file) ? FundingRates.read(file) : FundingRates.NONE;
    }

    private CandleSeries load(String symbol, Interval interval) {
        if (synthetic != null) {
            return SyntheticData.generate(symbol, interval, seed, 1_700_000_000_000L, synthetic,
                    symbol.startsWith("BTC") ? 30_000 : symbol.startsWith("ETH") ? 2_000 : 100);
        }
        if (data == null) {
            return BundledData.load(symbol, interval);
        }
        if (Files.isRegularFile(data)) {
            CandleSeries s = CandleCsv.read(data);
            if (!s.symbol().equals(symbol)) {
                throw new DataException(data + " holds " + s.symbol() + " candles, but " + symbol + " was asked for"
                        + " (use --symbols " + s.symbol() + ")");
            }
            return Resampler.resample(s, interval);
        }
        if (!Files.isDirectory(data)) {
            throw new DataException("--data " + data + ": no such file or directory");
        }
        Path exact = data.resolve(CandleCsv.fileName(symbol, interval));
        if (Files.isRegularFile(exact)) {
            return CandleCsv.read(exact);
        }
        // a finer file can be resampled: take the coarsest one that divides the wanted interval
        try (Stream<Path> files = Files.list(data)) {
            Map<Interval, Path> finer = new LinkedHashMap<>();
            files.forEach(f -> CandleCsv.parseFileName(f.getFileName().toString())
                    .filter(si -> si.symbol().equals(symbol) && si.interval() != Interval.MONTH
                            && interval.millis() % si.interval().millis() == 0)
                    .ifPresent(si -> finer.put(si.interval(), f)));
            return finer.entrySet().stream().max(Comparator.comparingLong(e -> e.getKey().millis()))
                    .map(e -> Resampler.resample(CandleCsv.read(e.getValue()), interval))
                    .orElseThrow(() -> new DataException("--data " + data + ": no " + CandleCsv.fileName(symbol, interval)
                            + " (nor a finer " + symbol + " file to resample)"));
        } catch (IOException e) {
            throw new DataException("--data " + data + ": " + e.getMessage(), e);
        }
    }

    private static String describe(long fromMs, long toMs) {
        return (fromMs == Long.MIN_VALUE ? "the start" : java.time.Instant.ofEpochMilli(fromMs).toString()) + " and "
                + (toMs == Long.MAX_VALUE ? "the end" : java.time.Instant.ofEpochMilli(toMs).toString());
    }
}
