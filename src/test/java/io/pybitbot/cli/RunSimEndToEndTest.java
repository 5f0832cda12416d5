package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.engine.MatchingEngine;
import io.pybitbot.sim.engine.SimExecution;
import io.pybitbot.sim.engine.SimOrder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole node (cluster of one, singletons, sharded symbols, REST client, both WebSockets) against the
 * embedded simulator on loopback, with the shipped configuration and two symbols: it places orders with
 * exchange-side TP/SL, gets fills, closes positions, and ends with a summary.
 */
class RunSimEndToEndTest {

    @Test
    void runInSimModeTradesBothSymbolsAndSummarises(@TempDir Path dir) throws Exception {
        RunCommand run = new RunCommand();
        AtomicReference<List<SimOrder>> orders = new AtomicReference<>();
        AtomicReference<List<MatchingEngine.StopLossSet>> stopsSet = new AtomicReference<>();
        AtomicReference<List<SimExecution>> executions = new AtomicReference<>();
        AtomicReference<String> metrics = new AtomicReference<>("");
        run.afterReplay = (SimulatedExchange sim) -> {
            metrics.set(scrape(run.statusServer.url() + "/metrics"));
            orders.set(sim.core().engine().orders(o -> true));
            executions.set(sim.core().engine().executions(e -> true));
            stopsSet.set(sim.core().engine().stopLossesSet());
        };
        CommandLine cl = new CommandLine(run);
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--config-dir", "configs", "--env-file", dir.resolve("none.env").toString(),
                "--speed", "20000", "--cluster-port", "0", "--status-port", "0", "--out", dir.resolve("out").toString());
        assertEquals(0, code, out + "\n" + err);
        List<SimOrder> all = orders.get();
        List<SimOrder> entries = all.stream().filter(o -> !o.reduceOnly() && o.orderLinkId() != null
                && o.orderLinkId().contains("-E")).toList();
        assertTrue(entries.size() >= 2, "entries placed: " + entries.size());
        // An entry carries its stop-loss, or (when the venue refused it against the price: the market moved
        // past it) goes without and its position gets the stop by trading-stop right after the fill, unless
        // the position was closed first (at 20,000x one round trip spans minutes of market time).
        List<SimOrder> unprotected = entries.stream().filter(o -> o.stopLoss() == null || o.stopLoss().signum() <= 0)
                .filter(o -> stopsSet.get().stream().noneMatch(s -> s.symbol().equals(o.symbol())
                        && s.timeMs() >= o.createdTime()))
                .filter(o -> executions.get().stream().noneMatch(e -> e.symbol().equals(o.symbol())
                        && !e.orderId().equals(o.orderId()) && e.execTime() >= o.createdTime()
                        && e.closedSize() != null && e.closedSize().signum() > 0))
                .toList();
        assertTrue(unprotected.isEmpty(), "entries never protected by an exchange-side stop-loss: " + unprotected);
        assertTrue(entries.stream().map(SimOrder::symbol).distinct().count() == 2, "both symbols traded");
        List<String> trades = Files.readAllLines(dir.resolve("out/trades.csv"));
        assertTrue(trades.size() > 2, "closed trades: " + trades);
        assertTrue(trades.stream().anyMatch(l -> l.startsWith("BTCUSDT,")) && trades.stream().anyMatch(l -> l.startsWith("ETHUSDT,")),
                String.join("\n", trades));
        assertTrue(out.toString().contains("TOTAL"), out.toString());
        assertTrue(Files.exists(dir.resolve("out/report.html")));
        assertTrue(Files.readString(dir.resolve("out/report.html")).contains("<h1>Sim run report</h1>"),
                "a run's report is titled as a run");
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("out/summary.json").toFile());
        assertTrue(summary.path("candles").asLong() > 100, "the node's candles are counted: " + summary);
        assertTrue(summary.path("denied_signals").isObject(), summary.toString());
        // a run is measured like a backtest: from the account's equity at every candle close
        assertTrue(Double.isFinite(summary.path("total").path("sharpe").asDouble(Double.NaN)), summary.toString());
        assertTrue(summary.path("total").path("exposure_pct").asDouble(-1) > 0, summary.toString());
        String report = Files.readString(dir.resolve("out/report.html"));
        assertTrue(report.contains("BTCUSDT candles and trades") && report.contains("ETHUSDT candles and trades"),
                "the run report charts the replayed candles");
        assertTrue(report.contains("\"strategy_a EMA 9\":[[") && report.contains("\"strategy_a RSI 14\":[[")
                && report.contains("\"strategy_b SMA 10\":[["), "the run report draws the strategies' indicators");
        assertTrue(out.toString().contains(" candles"), out.toString());
        // every entry was caused by a confirmed candle on this JVM: the tick-to-order histogram has them all
        List<io.pybitbot.ops.PrometheusText.Sample> scraped = io.pybitbot.ops.PrometheusText.parse(metrics.get());
        double tickToOrder = scraped.stream().filter(m -> m.name().equals("pybit_tick_to_order_seconds_count"))
                .mapToDouble(io.pybitbot.ops.PrometheusText.Sample::value).sum();
        assertTrue(tickToOrder > 0, "no tick-to-order sample after " + entries.size() + " entries");
        assertTrue(scraped.stream().anyMatch(m -> m.name().equals("pybit_order_round_trip_seconds_count")
                && m.value() >= tickToOrder), "round trips: " + metrics.get());
    }

    private static String scrape(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException("scraping " + url, e);
        }
    }
}
