package io.pybitbot.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.portfolio.ClosedTrade;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link BacktestResult} as a console table and as files in an output directory. */
public final class BacktestReport {

    public static final String TRADES_HEADER =
            "symbol,strategy,side,entry_time,entry_price,exit_time,exit_price,qty,gross_pnl,fees,net_pnl,exit_reason,funding";

    private BacktestReport() {
    }

    /** The summary table: one row per symbol and a total. */
    public static void printTable(BacktestResult r, PrintWriter out) {
        String fmt = "%-10s %7s %8s %12s %8s %8s %7s %7s %8s %10s %8s%n";
        out.println(r.description());
        out.printf(Locale.ROOT, fmt, "symbol", "trades", "win%", "net PnL", "return", "max DD", "PF", "Sharpe",
                "Sortino", "fees", "exposure");
        for (Map.Entry<String, PerformanceStats> e : r.perSymbol().entrySet()) {
            printRow(out, fmt, e.getKey(), e.getValue());
        }
        printRow(out, fmt, "TOTAL", r.total());
        out.printf(Locale.ROOT, "equity %s -> %s USDT%s%s%n", HtmlReport.money(r.initialEquity()),
                HtmlReport.money(r.finalEquity()), r.candles() > 0 ? " over " + r.candles() + " candles" : "",
                fundingNote(r));
        if (!r.denials().isEmpty()) {
            out.println("signals denied by risk:");
            new java.util.TreeMap<>(r.denials()).forEach((reason, n) ->
                    out.printf(Locale.ROOT, "  %-22s %6d%n", reason, n));
        }
        printRiskEvents(r, out);
        out.flush();
    }

    /** The trades' funding, received or paid (in their net PnL), or "" when none was settled. */
    static String fundingNote(BacktestResult r) {
        BigDecimal funding = totalFunding(r);
        if (funding.signum() == 0) {
            return "";
        }
        return (funding.signum() > 0 ? ", funding received " : ", funding paid ")
                + HtmlReport.money(funding.abs().doubleValue()) + " USDT (in the net PnL)";
    }

    static BigDecimal totalFunding(BacktestResult r) {
        return r.trades().stream().map(ClosedTrade::funding).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** When and why Risk stopped entries, and liquidations; a long list of daily-loss days is cut short. */
    private static void printRiskEvents(BacktestResult r, PrintWriter out) {
        if (r.riskEvents().isEmpty()) {
            return;
        }
        out.println("risk events:");
        int shown = 0;
        for (RiskEvent e : r.riskEvents()) {
            if (shown++ == 10) {
                out.printf(Locale.ROOT, "  ... and %d more (summary.json lists every one)%n", r.riskEvents().size() - 10);
                break;
            }
            out.printf(Locale.ROOT, "  %s  %s: %s%n", e.when(), e.reason(), e.text());
        }
    }

    private static void printRow(PrintWriter out, String fmt, String name, PerformanceStats s) {
        out.printf(Locale.ROOT, fmt, name, s.trades(), HtmlReport.pct(s.winRate()), HtmlReport.money(s.netPnl()),
                HtmlReport.pct(s.returnPct()), HtmlReport.pct(s.maxDrawdownPct()), HtmlReport.num(s.profitFactor()),
                HtmlReport.num(s.sharpe()), HtmlReport.num(s.sortino()), HtmlReport.money(s.fees()),
                HtmlReport.pct(s.exposurePct()));
    }

    /** Writes summary.json, trades.csv, equity.csv and report.html into {@code dir}. */
    public static void writeFiles(BacktestResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        writeTrades(r, dir.resolve("trades.csv"));
        writeEquity(r, dir.resolve("equity.csv"));
        Files.writeString(dir.resolve("summary.json"), summaryJson(r), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.render(r), StandardCharsets.UTF_8);
    }

    static void writeTrades(BacktestResult r, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(TRADES_HEADER);
            w.write('\n');
            for (ClosedTrade t : r.trades()) {
                w.write(String.join(",", t.symbol(), t.strategy(), t.side() == io.pybitbot.domain.Side.BUY ? "long" : "short",
                        Instant.ofEpochMilli(t.entryTimeMs()).toString(), plain(t.entryPrice()),
                        Instant.ofEpochMilli(t.exitTimeMs()).toString(), plain(t.exitPrice()), plain(t.qty()),
                        plain(t.grossPnl()), plain(t.fees()), plain(t.netPnl()), t.exitReason().name(),
                        plain(t.funding())));
                w.write('\n');
            }
        }
    }

    static void writeEquity(BacktestResult r, Path file) throws IOException {
        EquityCurve eq = r.equity();
        double[] dd = eq.drawdowns();
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time_ms,time,equity,drawdown_pct\n");
            StringBuilder sb = new StringBuilder(80);
            for (int i = 0; i < eq.size(); i++) {
                sb.setLength(0);
                sb.append(eq.time(i)).append(',').append(Instant.ofEpochMilli(eq.time(i))).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", eq.equity(i))).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", dd[i] * 100)).append('\n');
                w.write(sb.toString());
            }
        }
    }

    static String summaryJson(BacktestResult r) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("description", r.description());
        root.put("initial_equity", r.initialEquity());
        root.put("final_equity", round(r.finalEquity()));
        root.put("candles", r.candles());
        root.put("funding", totalFunding(r));
        root.set("total", stats(om, r.total()));
        ObjectNode per = root.putObject("per_symbol");
        r.perSymbol().forEach((k, v) -> per.set(k, stats(om, v)));
        ObjectNode den = root.putObject("denied_signals");
        r.denials().forEach(den::put);
        var events = root.putArray("risk_events");
        for (RiskEvent e : r.riskEvents()) {
            events.addObject().put("time", java.time.Instant.ofEpochMilli(e.timeMs()).toString())
                    .put("reason", e.reason()).put("text", e.text());
        }
        return om.writeValueAsString(root) + "\n";
    }

    private static ObjectNode stats(ObjectMapper om, PerformanceStats s) {
        ObjectNode n = om.createObjectNode();
        n.put("trades", s.trades());
        n.put("wins", s.wins());
        putNumber(n, "win_rate", s.winRate());
        putNumber(n, "net_pnl", s.netPnl());
        putNumber(n, "gross_profit", s.grossProfit());
        putNumber(n, "gross_loss", s.grossLoss());
        putNumber(n, "fees", s.fees());
        putNumber(n, "profit_factor", s.profitFactor());
        putNumber(n, "return_pct", s.returnPct());
        putNumber(n, "max_drawdown_pct", s.maxDrawdownPct());
        putNumber(n, "sharpe", s.sharpe());
        putNumber(n, "sortino", s.sortino());
        putNumber(n, "exposure_pct", s.exposurePct());
        return n;
    }

    /** JSON has no NaN or infinity: those become null. */
    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, round(v));
        } else {
            n.putNull(key);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
