package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest report in headless Chromium (Debian {@code chromium}, driven by playwright-core): it loads without a
 * script error and from nowhere but the file, every symbol's candlestick chart draws with its oscillator pane, the trade table has the trades of
 * trades.csv and sorts by a click.
 */
class ReportBrowserTest {

    @TempDir
    Path dir;

    @Test
    void theReportDrawsItsChartsAndItsTradeTableMatchesTradesCsv() throws Exception {
        String chromium = DashboardBrowserTest.chromium();
        DashboardBrowserTest.installPlaywright();
        Path out = dir.resolve("report");
        var cl = io.pybitbot.Main.commandLine();
        StringWriter sink = new StringWriter();
        cl.setOut(new PrintWriter(sink, true));
        cl.setErr(new PrintWriter(sink, true));
        assertEquals(0, cl.execute("backtest", "--out", out.toString(), "--quiet", "--env-file",
                dir.resolve("none.env").toString()), sink.toString());
        int trades = Files.readAllLines(out.resolve("trades.csv")).size() - 1;
        assertTrue(trades >= 10, "too few trades to check the table: " + trades);

        Process p = new ProcessBuilder("node", "report.js", out.resolve("report.html").toString(), chromium)
                .directory(DashboardBrowserTest.DIR.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser did not finish");
        assertEquals(0, p.exitValue(), stderr);
        JsonNode seen = new ObjectMapper().readTree(stdout);

        assertEquals(0, seen.path("errors").size(), "script errors: " + seen.path("errors"));
        assertEquals(0, seen.path("foreign").size(), "the report loaded something from outside: " + seen.path("foreign"));
        List<String> symbols = new ArrayList<>();
        for (JsonNode d : seen.path("drawn")) {
            symbols.add(d.path("symbol").asText());
            assertTrue(d.path("candles").asInt() > 100, "a chart with few candles: " + d);
            assertEquals(2, d.path("panes").asInt(), "strategy_a's RSI and ADX in a pane under the candles: " + d);
        }
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), symbols);
        assertTrue(seen.path("canvases").asInt() >= 2, seen.toString());
        assertEquals(trades, seen.path("tradeRows").asInt(), "the table's trades and trades.csv");
        List<Double> up = new ObjectMapper().convertValue(seen.path("ascending"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        List<Double> down = new ObjectMapper().convertValue(seen.path("descending"), new com.fasterxml.jackson.core.type.TypeReference<>() {});
        List<Double> sorted = new ArrayList<>(up);
        sorted.sort(Double::compare);
        assertEquals(sorted, up, "sorted by net PnL, ascending");
        assertEquals(up.get(0), down.get(down.size() - 1), "and back, descending");
    }
}
