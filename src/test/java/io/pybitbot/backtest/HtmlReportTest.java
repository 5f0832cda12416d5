package io.pybitbot.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static BacktestResult ending(double... equity) {
        EquityCurve curve = new EquityCurve();
        for (int i = 0; i < equity.length; i++) {
            curve.add(1_700_000_000_000L + i * 60_000L, equity[i]);
        }
        PerformanceStats none = PerformanceStats.compute(List.of(), equity[0], curve.values(), Double.NaN, Double.NaN);
        return new BacktestResult("backtest of [strategy_a] on BTCUSDT", equity[0], equity[equity.length - 1], List.of(),
                curve, Map.of(), none, Map.of(), Map.of(), equity.length);
    }

    private static double lastY(String html, String color) {
        Matcher m = Pattern.compile("<polyline class=\"line\" fill=\"none\" stroke=\"" + color
                + "\" stroke-width=\"1.5\" points=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), "no line of " + color);
        String[] points = m.group(1).trim().split(" ");
        return Double.parseDouble(points[points.length - 1].split(",")[1]);
    }

    private static double zeroY(String html) {
        Matcher m = Pattern.compile("<polygon fill=\"#d1242f33\" stroke=\"none\" points=\"[^,]+,([^ ]+) ").matcher(html);
        assertTrue(m.find(), "no drawdown area");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theDrawdownLineEndsAtTheFinalDrawdownNotBackAtZero() {
        String html = HtmlReport.render(ending(100, 120, 90)); // 25 % below the peak at the end
        assertTrue(Math.abs(lastY(html, "#d1242f") - zeroY(html)) > 100, "the line ends at 0 %:\n" + html);
        String flat = HtmlReport.render(ending(100, 120, 130)); // a new peak at the end: 0 %
        assertEquals(zeroY(flat), lastY(flat, "#d1242f"), 1e-9);
    }

    @Test
    void aBacktestAndARunAreTitledAsWhatTheyAre() {
        assertTrue(HtmlReport.render(ending(100, 101)).contains("<h1>Backtest report</h1>"));
        BacktestResult run = ending(100, 101);
        BacktestResult asRun = new BacktestResult("sim run of [strategy_a] on [BTCUSDT]", run.initialEquity(),
                run.finalEquity(), run.trades(), run.equity(), run.perSymbol(), run.total(), run.denials(), run.prices(),
                run.candles());
        String html = HtmlReport.render(asRun);
        assertTrue(html.contains("<h1>Sim run report</h1>") && html.contains("<title>Pybit Bot sim run</title>"), html);
    }
}
