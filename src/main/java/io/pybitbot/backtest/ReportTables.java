package io.pybitbot.backtest;

import io.pybitbot.portfolio.ClosedTrade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The report's tables beyond the summary: breakdowns per strategy, exit reason and month (UTC), and every trade,
 * sortable by any column in the page (a few lines of script, no library, so the file stays one offline page).
 */
final class ReportTables {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReportTables() {
    }

    static void breakdowns(StringBuilder sb, List<ClosedTrade> trades) {
        if (trades.isEmpty()) {
            return;
        }
        sb.append("<h2>Breakdowns</h2>\n<div class=\"breakdowns\">\n");
        breakdown(sb, "strategy", "by-strategy", trades, ClosedTrade::strategy);
        breakdown(sb, "exit reason", "by-exit", trades, t -> t.exitReason() == null ? "-" : t.exitReason().name());
        breakdown(sb, "month (UTC)", "by-month", trades, t -> MONTH.format(Instant.ofEpochMilli(t.exitTimeMs())));
        sb.append("</div>\n");
    }

    private static void breakdown(StringBuilder sb, String title, String id, List<ClosedTrade> trades,
                                  Function<ClosedTrade, String> key) {
        Map<String, List<ClosedTrade>> groups = new TreeMap<>();
        for (ClosedTrade t : trades) {
            groups.computeIfAbsent(key.apply(t), k -> new java.util.ArrayList<>()).add(t);
        }
        sb.append("<table id=\"").append(id).append("\"><tr><th>").append(title)
                .append("</th><th>trades</th><th>win rate</th><th>net PnL</th><th>fees</th></tr>\n");
        groups.forEach((name, ts) -> {
            long wins = ts.stream().filter(ClosedTrade::isWin).count();
            sb.append("<tr><td>").append(esc(name)).append("</td><td>").append(ts.size()).append("</td><td>")
                    .append(HtmlReport.pct((double) wins / ts.size())).append("</td><td>")
                    .append(HtmlReport.money(sum(ts, ClosedTrade::netPnl))).append("</td><td>")
                    .append(HtmlReport.money(sum(ts, ClosedTrade::fees))).append("</td></tr>\n");
        });
        sb.append("</table>\n");
    }

    static void trades(StringBuilder sb, List<ClosedTrade> trades) {
        sb.append("<h2>Trades (").append(trades.size()).append(")</h2>\n");
        if (trades.isEmpty()) {
            sb.append("<p>(no closed trades)</p>\n");
            return;
        }
        sb.append("<p class=\"legend\">Click a column to sort.</p>\n<table id=\"trades\" class=\"sortable\"><thead><tr>");
        for (String h : List.of("#", "symbol", "strategy", "side", "qty", "entry (UTC)", "entry price", "exit (UTC)",
                "exit price", "gross PnL", "fees", "funding", "net PnL", "exit reason")) {
            sb.append("<th>").append(h).append("</th>");
        }
        sb.append("</tr></thead><tbody>\n");
        int n = 0;
        for (ClosedTrade t : trades) {
            n++;
            double net = t.netPnl().doubleValue();
            sb.append("<tr class=\"").append(net >= 0 ? "win" : "loss").append("\">");
            cell(sb, String.valueOf(n), n);
            cell(sb, t.symbol(), null);
            cell(sb, t.strategy(), null);
            cell(sb, t.side().name(), null);
            cell(sb, t.qty().toPlainString(), t.qty().doubleValue());
            cell(sb, TIME.format(Instant.ofEpochMilli(t.entryTimeMs())), t.entryTimeMs());
            cell(sb, t.entryPrice().toPlainString(), t.entryPrice().doubleValue());
            cell(sb, TIME.format(Instant.ofEpochMilli(t.exitTimeMs())), t.exitTimeMs());
            cell(sb, t.exitPrice().toPlainString(), t.exitPrice().doubleValue());
            cell(sb, HtmlReport.money(t.grossPnl().doubleValue()), t.grossPnl().doubleValue());
            cell(sb, HtmlReport.money(t.fees().doubleValue()), t.fees().doubleValue());
            cell(sb, HtmlReport.money(t.funding().doubleValue()), t.funding().doubleValue());
            cell(sb, HtmlReport.money(net), net);
            cell(sb, t.exitReason() == null ? "-" : t.exitReason().name(), null);
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
        sb.append("<script>document.querySelectorAll('table.sortable').forEach(function(t){")
                .append("t.querySelectorAll('th').forEach(function(th,i){th.style.cursor='pointer';")
                .append("th.addEventListener('click',function(){var b=t.tBodies[0],rows=Array.from(b.rows),")
                .append("up=th.dataset.dir!=='up';th.dataset.dir=up?'up':'down';rows.sort(function(x,y){")
                .append("var a=x.cells[i],c=y.cells[i],p=a.dataset.v,q=c.dataset.v;")
                .append("var r=(p!==undefined&&q!==undefined)?p-q:a.textContent.localeCompare(c.textContent);")
                .append("return up?r:-r;});rows.forEach(function(r){b.appendChild(r);});});});});</script>\n");
    }

    private static void cell(StringBuilder sb, String text, Number sortValue) {
        sb.append("<td");
        if (sortValue != null) {
            sb.append(" data-v=\"").append(sortValue).append('"');
        }
        sb.append('>').append(esc(text)).append("</td>");
    }

    private static double sum(List<ClosedTrade> ts, Function<ClosedTrade, BigDecimal> f) {
        return ts.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add).doubleValue();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
