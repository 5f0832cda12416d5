package io.pybitbot.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.portfolio.ClosedTrade;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.SizingRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backtest that Risk stops says when and why: on the console, in summary.json and in the report. */
class BacktestRiskEventsTest {

    private static final InstrumentSpec SPEC = new InstrumentSpec("TESTUSDT", new BigDecimal("0.1"),
            new BigDecimal("0.001"), new BigDecimal("0.001"), new BigDecimal("100000"), new BigDecimal("5"),
            BigDecimal.TEN);

    /** A market falling {@code step} per one-minute candle, and a strategy going long every 4th candle, 1 % stop. */
    private static BacktestResult fallingMarket(int candles, double step, RiskLimits limits) {
        double[][] ohlc = new double[candles][];
        double price = 1000;
        for (int i = 0; i < candles; i++) {
            double close = price * (1 - step);
            ohlc[i] = new double[] {price, price * 1.0005, close * 0.9995, close};
            price = close;
        }
        double[][] bars = ohlc;
        var strategy = BacktestEngineTest.scripted(i -> i % 4 == 0 ? Signal.entry("scripted", "TESTUSDT", Side.BUY,
                bars[i][3], bars[i][3] * 0.99, bars[i][3] * 1.05, i * 60_000L, "long") : null);
        return new BacktestEngine(BacktestEngineTest.settings(0, limits, SizingRule.fixedNotional(new BigDecimal("5000"),
                BigDecimal.ONE))).run(List.of(new BacktestEngine.SymbolInput(BacktestEngineTest.series("TESTUSDT", ohlc),
                SPEC, List.of(new BacktestEngine.StrategySlot("scripted", io.pybitbot.domain.Interval.M1, strategy)), 3)),
                "falling", null);
    }

    @Test
    void theKillSwitchOnDrawdownIsReportedWithItsTimeAndHowFarTheBacktestHadGot(@TempDir Path dir) throws Exception {
        BacktestResult r = fallingMarket(600, 0.001, new RiskLimits(10, 10, 10, 1, 0.05, Duration.ZERO, false, 1e9));
        assertEquals(1, r.riskEvents().size(), r.riskEvents().toString());
        RiskEvent halt = r.riskEvents().get(0);
        assertEquals("MAX_DRAWDOWN_HALT", halt.reason());
        assertTrue(halt.text().matches("drawdown 5\\.\\d\\d% from peak 10000\\.00 reached the limit 5\\.00%; no new entries"
                + " for the rest of the backtest \\(after \\d+\\.\\d% of its candles\\)"), halt.text());
        for (ClosedTrade t : r.trades()) {
            assertTrue(t.entryTimeMs() <= halt.timeMs(), "an entry after the halt: " + t);
        }
        assertTrue(r.denials().getOrDefault("MAX_DRAWDOWN_HALT", 0) > 0, r.denials().toString());

        StringWriter console = new StringWriter();
        BacktestReport.printTable(r, new PrintWriter(console, true));
        assertTrue(console.toString().contains("risk events:\n  " + halt.when() + "  MAX_DRAWDOWN_HALT: "
                + halt.text()), console.toString());
        BacktestReport.writeFiles(r, dir);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("MAX_DRAWDOWN_HALT", json.path("risk_events").path(0).path("reason").asText(), json.toString());
        assertEquals(java.time.Instant.ofEpochMilli(halt.timeMs()).toString(),
                json.path("risk_events").path(0).path("time").asText());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<h2 id=\"risk-events\">Risk events</h2>") && html.contains(halt.when()),
                "the report says it");
    }

    @Test
    void theDailyLossLimitIsReportedOncePerDayItStoppedEntries() {
        // two UTC days of one-minute candles, slowly falling: the 2 % daily limit stops entries on each
        BacktestResult r = fallingMarket(2 * 1440, 0.0002, new RiskLimits(10, 10, 10, 0.02, 1, Duration.ZERO, false,
                1e9));
        List<RiskEvent> days = r.riskEvents();
        assertEquals(List.of("DAILY_LOSS_LIMIT", "DAILY_LOSS_LIMIT"), days.stream().map(RiskEvent::reason).toList(),
                days.toString());
        assertEquals(0, Math.floorDiv(days.get(0).timeMs(), 86_400_000L));
        assertEquals(1, Math.floorDiv(days.get(1).timeMs(), 86_400_000L));
        assertTrue(days.get(0).text().endsWith("; no new entries until the next UTC day"), days.get(0).text());
        assertTrue(r.denials().get("DAILY_LOSS_LIMIT") > 2, "more denials than events: " + r.denials());
    }

    @Test
    void aLeveragedLongIsLiquidatedByTheSimulatorsRuleAndDoesNotRecoverWithThePrice() {
        // down 12 % and back up 20 %: without liquidation a 10x long would end in profit
        double[][] ohlc = new double[60][];
        double price = 1000;
        for (int i = 0; i < 60; i++) {
            double close = i < 30 ? price * 0.9957 : price * 1.0062;
            ohlc[i] = new double[] {price, Math.max(price, close), Math.min(price, close), close};
            price = close;
        }
        double[][] bars = ohlc;
        var strategy = BacktestEngineTest.scripted(i -> i == 0 ? Signal.entry("scripted", "TESTUSDT", Side.BUY,
                bars[0][3], Double.NaN, Double.NaN, 0, "all in") : null);
        BacktestResult r = new BacktestEngine(BacktestEngineTest.settings(0, new RiskLimits(10, 20, 20, 1, 1,
                Duration.ZERO, false, 1e9), SizingRule.fixedNotional(new BigDecimal("100000"), BigDecimal.TEN)))
                .run(List.of(new BacktestEngine.SymbolInput(BacktestEngineTest.series("TESTUSDT", ohlc), SPEC,
                        List.of(new BacktestEngine.StrategySlot("scripted", io.pybitbot.domain.Interval.M1, strategy)),
                        3)), "liquidated", null);
        assertEquals(1, r.trades().size(), r.trades().toString());
        ClosedTrade t = r.trades().get(0);
        assertEquals(io.pybitbot.portfolio.ExitReason.LIQUIDATION, t.exitReason());
        assertTrue(t.exitTimeMs() < 30 * 60_000L, "liquidated on the way down: " + t);
        assertTrue(r.finalEquity() < 1_000, "what was left: " + r.finalEquity());
        RiskEvent liq = r.riskEvents().get(0);
        assertEquals("LIQUIDATION", liq.reason());
        assertEquals(t.exitTimeMs(), liq.timeMs());
        assertTrue(liq.text().startsWith("equity ") && liq.text().contains("fell to the maintenance margin 5"),
                liq.text());
    }
}
