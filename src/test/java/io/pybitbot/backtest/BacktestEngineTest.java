package io.pybitbot.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.BundledData;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.portfolio.ClosedTrade;
import io.pybitbot.portfolio.ExitReason;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.strategy.SmaCrossStrategy;
import io.pybitbot.strategy.Strategy;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestEngineTest {

    static final InstrumentSpec SPEC = new InstrumentSpec("TESTUSDT", new BigDecimal("0.1"),
            new BigDecimal("0.001"), new BigDecimal("0.001"), new BigDecimal("1000"), new BigDecimal("5"), BigDecimal.TEN);

    /** A strategy that emits the signal the script gives for the i-th candle it sees. */
    static Strategy scripted(IntFunction<Signal> script) {
        return new Strategy() {
            int i;

            @Override
            public int warmupCandles() {
                return 0;
            }

            @Override
            public Signal onCandle(Candle closed) {
                return script.apply(i++);
            }
        };
    }

    static CandleSeries series(String symbol, double[][] ohlc) {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < ohlc.length; i++) {
            out.add(Candle.closed(i * 60_000L, ohlc[i][0], ohlc[i][1], ohlc[i][2], ohlc[i][3], 1, ohlc[i][3]));
        }
        return new CandleSeries(symbol, Interval.M1, out, "test");
    }

    static BacktestEngine.Settings settings(double slippageBps, RiskLimits limits, SizingRule sizing) {
        return new BacktestEngine.Settings(new BigDecimal("10000"), new RiskRules(limits, sizing), TpSlRules.signalOnly(),
                new FillModel(new FillSettings(slippageBps, FeeSchedule.BYBIT_DEFAULT)));
    }

    static BacktestEngine.SymbolInput input(CandleSeries s, InstrumentSpec spec, Strategy strategy) {
        return new BacktestEngine.SymbolInput(s, spec,
                List.of(new BacktestEngine.StrategySlot("scripted", s.interval(), strategy)), 3);
    }

    @Test
    void entryFillsAtNextOpenAndTakeProfitExitsAtItsLevel() {
        double[][] ohlc = {
                {100, 101, 99, 100}, {100, 101, 99, 100},
                {100, 101, 99, 100},      // 2: signal BUY here, ref 100, SL 95, TP 110
                {102, 103, 101, 102},     // 3: fills at open 102 (no slippage)
                {102, 108, 101, 107},     // 4: TP 110 not reached
                {107, 112, 106, 111},     // 5: TP 110 touched: exit at 110
                {111, 112, 110, 111}};
        Strategy s = scripted(i -> i == 2 ? Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 95, 110, 120_000, "t") : null);
        BacktestResult r = new BacktestEngine(settings(0, RiskLimits.unlimited(),
                SizingRule.fixedNotional(new BigDecimal("1020"), BigDecimal.ONE)))
                .run(List.of(input(series("TESTUSDT", ohlc), SPEC, s)), "golden", null);
        assertEquals(1, r.trades().size());
        ClosedTrade t = r.trades().get(0);
        assertEquals(3 * 60_000L, t.entryTimeMs(), "a decision on candle 2 fills on candle 3, never on candle 2");
        assertEquals(0, new BigDecimal("102").compareTo(t.entryPrice()));
        assertEquals(5 * 60_000L, t.exitTimeMs());
        assertEquals(0, new BigDecimal("110").compareTo(t.exitPrice()));
        assertEquals(ExitReason.TAKE_PROFIT, t.exitReason());
        // qty: 1020 USDT / entry price 100 (the signal's reference) = 10.2 → gross = 10.2 * (110 - 102) = 81.6
        assertEquals(0, new BigDecimal("10.2").compareTo(t.qty()), t.qty().toPlainString());
        assertEquals(0, new BigDecimal("81.6").compareTo(t.grossPnl()));
        // fees: taker 0.055% on 10.2*102 = 1040.4 → 0.572220, and on 10.2*110 = 1122 → 0.617100
        assertEquals(0, new BigDecimal("1.18932").compareTo(t.fees()), t.fees().toPlainString());
        assertEquals(10000 + 81.6 - 1.18932, r.finalEquity(), 1e-9);
    }

    @Test
    void slippageMovesEntriesAgainstUsAndStopsExitAtTheirLevel() {
        double[][] ohlc = {{100, 101, 99, 100}, {100, 101, 99, 100}, {100, 100.5, 97, 98}, {98, 99, 90, 91}};
        Strategy s = scripted(i -> i == 0 ? Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 97.5, 110, 0, "t") : null);
        BacktestResult r = new BacktestEngine(settings(10, RiskLimits.unlimited(),
                SizingRule.fixedNotional(new BigDecimal("1000"), BigDecimal.ONE)))
                .run(List.of(input(series("TESTUSDT", ohlc), SPEC, s)), "stop", null);
        ClosedTrade t = r.trades().get(0);
        // 10 bps on open 100 → 100.1 for a buy
        assertEquals(0, new BigDecimal("100.1").compareTo(t.entryPrice()), t.entryPrice().toPlainString());
        assertEquals(ExitReason.STOP_LOSS, t.exitReason());
        assertEquals(2 * 60_000L, t.exitTimeMs());
        // stop at 97.5 is a market sell: 97.5 * (1 - 0.001) = 97.4025 → floor to tick 97.4
        assertEquals(0, new BigDecimal("97.4").compareTo(t.exitPrice()), t.exitPrice().toPlainString());
    }

    @Test
    void oppositeSignalReversesTheStrategysPosition() {
        double[][] ohlc = new double[10][];
        for (int i = 0; i < ohlc.length; i++) {
            ohlc[i] = new double[] {100, 100.5, 99.5, 100};
        }
        Strategy s = scripted(i -> switch (i) {
            case 1 -> Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 90, 120, 60_000, "long");
            case 4 -> Signal.entry("scripted", "TESTUSDT", Side.SELL, 100, 110, 80, 240_000, "short");
            default -> null;
        });
        BacktestResult r = new BacktestEngine(settings(0, RiskLimits.unlimited(),
                SizingRule.fixedNotional(new BigDecimal("1000"), BigDecimal.ONE)))
                .run(List.of(input(series("TESTUSDT", ohlc), SPEC, s)), "rev", null);
        assertEquals(2, r.trades().size());
        assertEquals(ExitReason.REVERSAL, r.trades().get(0).exitReason());
        assertEquals(Side.BUY, r.trades().get(0).side());
        assertEquals(5 * 60_000L, r.trades().get(0).exitTimeMs());
        assertEquals(Side.SELL, r.trades().get(1).side());
        assertEquals(5 * 60_000L, r.trades().get(1).entryTimeMs());
        assertEquals(ExitReason.END_OF_DATA, r.trades().get(1).exitReason());
    }

    @Test
    void allSymbolsShareOneEquityAndOneSetOfLimits() {
        double[][] ohlc = new double[6][];
        for (int i = 0; i < ohlc.length; i++) {
            ohlc[i] = new double[] {100, 100.5, 99.5, 100};
        }
        InstrumentSpec other = new InstrumentSpec("OTHERUSDT", SPEC.tickSize(), SPEC.qtyStep(), SPEC.minOrderQty(),
                SPEC.maxOrderQty(), SPEC.minNotional(), SPEC.maxLeverage());
        RiskLimits onePosition = new RiskLimits(1, 10, 10, 0.5, 0.5, Duration.ZERO, false);
        BacktestResult r = new BacktestEngine(settings(0, onePosition,
                SizingRule.fixedNotional(new BigDecimal("1000"), BigDecimal.ONE))).run(List.of(
                input(series("TESTUSDT", ohlc), SPEC,
                        scripted(i -> i == 1 ? Signal.entry("scripted", "TESTUSDT", Side.BUY, 100, 90, 120, 0, "a") : null)),
                input(series("OTHERUSDT", ohlc), other,
                        scripted(i -> i == 2 ? Signal.entry("scripted", "OTHERUSDT", Side.BUY, 100, 90, 120, 0, "b") : null))),
                "shared", null);
        assertEquals(1, r.trades().size());
        assertEquals("TESTUSDT", r.trades().get(0).symbol());
        assertEquals(Map.of("MAX_OPEN_POSITIONS", 1), r.denials());
        assertEquals(2, r.perSymbol().size());
        assertEquals(0, r.perSymbol().get("OTHERUSDT").trades());
    }

    @Test
    void longerTimeframeStrategiesSeeAggregatedCandles() {
        CandleSeries m1 = BundledData.load("BTCUSDT", Interval.M1).slice(1385337600000L, 1385337600000L + 60 * 60_000L);
        List<Candle> seen = new ArrayList<>();
        Strategy recorder = new Strategy() {
            @Override
            public int warmupCandles() {
                return 0;
            }

            @Override
            public Signal onCandle(Candle c) {
                seen.add(c);
                return null;
            }
        };
        new BacktestEngine(settings(0, RiskLimits.unlimited(), SizingRule.fixedNotional(BigDecimal.TEN, BigDecimal.ONE)))
                .run(List.of(new BacktestEngine.SymbolInput(m1, Instruments.forSymbol("BTCUSDT", 800),
                        List.of(new BacktestEngine.StrategySlot("rec", Interval.M5, recorder)), 14)), "tf", null);
        assertEquals(BundledData.load("BTCUSDT", Interval.M5).slice(m1.firstStartMs(), m1.lastStartMs() + 60_000).candles(),
                seen);
    }

    @Test
    void strategyBOnBundledDataTradesDeterministicallyAndWritesReports(@TempDir Path dir) throws Exception {
        CandleSeries eth = BundledData.load("ETHUSDT", Interval.M5);
        BacktestEngine.Settings st = settings(2, new RiskLimits(4, 2, 1, 0.05, 0.2, Duration.ofMinutes(15), false),
                SizingRule.riskPerTrade(0.01, new BigDecimal("5")));
        IntFunction<BacktestResult> run = n -> new BacktestEngine(st).run(List.of(new BacktestEngine.SymbolInput(eth,
                Instruments.forSymbol("ETHUSDT", 1600), List.of(new BacktestEngine.StrategySlot("strategy_b", Interval.M5,
                new SmaCrossStrategy("strategy_b", "ETHUSDT", new SmaCrossStrategy.Params(10, 30, 14, 2, 3)))), 14)),
                "eth strategy_b", null);
        BacktestResult a = run.apply(0);
        BacktestResult b = run.apply(1);
        assertTrue(a.trades().size() >= 3, "trades: " + a.trades().size());
        assertEquals(eth.size(), a.candles());
        BacktestReport.writeFiles(a, dir.resolve("a"));
        BacktestReport.writeFiles(b, dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/trades.csv")), Files.readAllBytes(dir.resolve("b/trades.csv")));
        List<String> lines = Files.readAllLines(dir.resolve("a/trades.csv"));
        assertEquals(BacktestReport.TRADES_HEADER, lines.get(0));
        assertEquals(a.trades().size() + 1, lines.size());
        String html = Files.readString(dir.resolve("a/report.html"));
        assertTrue(html.contains("<svg") && html.contains("ETHUSDT candles and trades") && !html.contains("<script src"),
                "one page that loads nothing");
        // every trade in the sortable table, the breakdowns add up
        assertEquals(a.trades().size(), html.split("<tr class=\"(win|loss)\">", -1).length - 1, "trade rows");
        assertTrue(html.contains("<h2>Trades (" + a.trades().size() + ")</h2>") && html.contains("id=\"by-strategy\"")
                && html.contains("id=\"by-exit\"") && html.contains("id=\"by-month\""), "breakdowns");
        assertTrue(html.contains("<td>strategy_b</td><td>" + a.trades().size() + "</td>"), "all trades are strategy_b's");
        // the strategy's own moving averages go on the price chart, as it computed them
        var indicatorLines = a.indicators().get("ETHUSDT");
        assertEquals(java.util.Set.of("strategy_b SMA 10", "strategy_b SMA 30"), indicatorLines.keySet());
        IndicatorLine fast = indicatorLines.get("strategy_b SMA 10");
        assertEquals(eth.size(), fast.size(), "one value per candle");
        double mean = 0;
        for (int i = eth.size() - 10; i < eth.size(); i++) {
            mean += eth.get(i).close() / 10;
        }
        assertEquals(mean, fast.value(fast.size() - 1), 1e-6, "the SMA 10 of the last ten closes");
        assertTrue(html.contains("\"strategy_b SMA 10\":[["), "the report carries the line");
        // the drawdown line ends at the final drawdown, not back at 0 %
        double[] dd = a.equity().drawdowns();
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                "<polyline class=\"line\" fill=\"none\" stroke=\"#d1242f\" stroke-width=\"1.5\" points=\"([^\"]+)\"")
                .matcher(html);
        assertTrue(line.find(), "no drawdown line");
        String[] points = line.group(1).trim().split(" ");
        java.util.regex.Matcher area = java.util.regex.Pattern.compile("<polygon fill=\"#d1242f33\" stroke=\"none\" points=\"([^ ]+) ")
                .matcher(html);
        assertTrue(area.find(), "no drawdown area");
        double zeroY = Double.parseDouble(area.group(1).split(",")[1]);
        double lastY = Double.parseDouble(points[points.length - 1].split(",")[1]);
        if (dd[dd.length - 1] > 1e-9) {
            assertTrue(Math.abs(lastY - zeroY) > 0.5, "the line falls back to 0 % at the end: " + lastY + " vs " + zeroY);
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("a/summary.json").toFile());
        assertEquals(a.trades().size(), json.path("total").path("trades").asInt());
        double net = a.trades().stream().mapToDouble(t -> t.netPnl().doubleValue()).sum();
        assertEquals(a.finalEquity() - a.initialEquity(), net, 1e-6, "equity change equals the sum of trade PnL");
        assertEquals(eth.size() + 1, Files.readAllLines(dir.resolve("a/equity.csv")).size());
    }
}
