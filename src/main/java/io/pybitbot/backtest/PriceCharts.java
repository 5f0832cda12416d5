package io.pybitbot.backtest;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.portfolio.ClosedTrade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Interactive price charts for the report: candlesticks with volume for each symbol, the strategies' indicator lines
 * over them and their oscillators in a pane below, every trade drawn from entry to exit (green when it made money, red
 * when it lost), a tooltip on its entry and exit candles with side, quantity, prices, PnL, fees and the exit reason;
 * zoom and pan with the mouse (the newest 400 candles at first). TradingView's Lightweight Charts (vendored from npm,
 * Apache-2.0) is inlined, so the page still works offline as one file.
 */
final class PriceCharts {

    /** Beyond this many candles per symbol the chart shows the newest ones only (the page stays light). */
    static final int MAX_CANDLES = 20_000;
    private static final String LIBRARY = "/io/pybitbot/backtest/vendor/lightweight-charts/"
            + "lightweight-charts.standalone.production.js";

    private PriceCharts() {
    }

    static void render(StringBuilder sb, Map<String, CandleSeries> prices, List<ClosedTrade> trades,
                       Map<String, Map<String, IndicatorLine>> indicators) {
        if (prices.isEmpty()) {
            return;
        }
        for (Map.Entry<String, CandleSeries> e : prices.entrySet()) {
            String symbol = e.getKey();
            List<Candle> candles = e.getValue().candles();
            int from = Math.max(0, candles.size() - MAX_CANDLES);
            sb.append("<h2>").append(esc(symbol)).append(" candles and trades</h2>\n");
            if (from > 0) {
                sb.append("<p class=\"legend\">The newest ").append(MAX_CANDLES).append(" of ").append(candles.size())
                        .append(" candles.</p>\n");
            }
            sb.append("<div class=\"lwc\" data-symbol=\"").append(esc(symbol)).append("\" style=\"height:").append(
                    hasOscillators(indicators.getOrDefault(symbol, Map.of())) ? 560 : 420).append("px\"></div>\n");
            sb.append("<script type=\"application/json\" class=\"lwc-data\" data-symbol=\"").append(esc(symbol))
                    .append("\">{\"candles\":[");
            for (int i = from; i < candles.size(); i++) {
                Candle c = candles.get(i);
                sb.append(i == from ? "" : ",").append(String.format(Locale.ROOT, "[%d,%s,%s,%s,%s,%s]",
                        c.startMs() / 1000, n(c.open()), n(c.high()), n(c.low()), n(c.close()), n(c.volume())));
            }
            sb.append("],\"trades\":[");
            boolean first = true;
            for (ClosedTrade t : trades) {
                if (!t.symbol().equals(symbol)) {
                    continue;
                }
                sb.append(first ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"in\":%d,\"out\":%d,\"entry\":%s,\"exit\":%s,\"long\":%b,\"qty\":\"%s\",\"net\":%s,\"fees\":%s,"
                                + "\"reason\":\"%s\",\"strategy\":\"%s\"}",
                        t.entryTimeMs() / 1000, t.exitTimeMs() / 1000, t.entryPrice().toPlainString(),
                        t.exitPrice().toPlainString(), t.side() == Side.BUY, t.qty().toPlainString(),
                        HtmlReport.money(t.netPnl().doubleValue()), HtmlReport.money(t.fees().doubleValue()),
                        t.exitReason() == null ? "-" : t.exitReason().name(), json(t.strategy())));
                first = false;
            }
            Map<String, IndicatorLine> lines = indicators.getOrDefault(symbol, Map.of());
            sb.append("],\"lines\":");
            lines(sb, lines, false);
            sb.append(",\"oscillators\":");
            lines(sb, lines, true);
            sb.append("}</script>\n");
        }
        sb.append("<script>").append(library()).append("</script>\n<script>").append(INIT).append("</script>\n");
    }

    /** Draws every chart from its JSON, oldest candle first; markers and trade lines sorted by time, as the library wants. */
    private static final String INIT = """
            (function () {
              var L = window.LightweightCharts;
              document.querySelectorAll('div.lwc').forEach(function (el) {
                var sym = el.dataset.symbol;
                var data = JSON.parse(document.querySelector('script.lwc-data[data-symbol="' + sym + '"]').textContent);
                var chart = L.createChart(el, { autoSize: true, timeScale: { timeVisible: true },
                  layout: { background: { color: '#fcfcfc' } } });
                var candles = chart.addSeries(L.CandlestickSeries, {});
                candles.setData(data.candles.map(function (c) {
                  return { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] }; }));
                var volume = chart.addSeries(L.HistogramSeries, { priceScaleId: '', priceFormat: { type: 'volume' },
                  color: '#9db2c8' });
                volume.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
                volume.setData(data.candles.map(function (c) { return { time: c[0], value: c[5] }; }));
                var palette = ['#1f6feb', '#bf8700', '#8250df', '#0a7b83', '#cf222e', '#57606a'], k = 0;
                Object.keys(data.lines || {}).forEach(function (name) {
                  var pts = data.lines[name];
                  if (!pts.length) { return; }
                  var s = chart.addSeries(L.LineSeries, { color: palette[k++ % palette.length], lineWidth: 1, title: name,
                    priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false });
                  s.setData(pts.map(function (p) { return { time: p[0], value: p[1] }; }));
                });
                // oscillators (RSI, ADX) share a pane under the candles, on their own scale
                var oscillators = Object.keys(data.oscillators || {}).filter(function (name) {
                  return data.oscillators[name].length; });
                oscillators.forEach(function (name) {
                  var s = chart.addSeries(L.LineSeries, { color: palette[k++ % palette.length], lineWidth: 1, title: name,
                    priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false }, 1);
                  s.setData(data.oscillators[name].map(function (p) { return { time: p[0], value: p[1] }; }));
                });
                if (oscillators.length) { chart.panes()[1].setHeight(130); }
                el.dataset.panes = String(chart.panes().length);
                var markers = [];
                data.trades.forEach(function (t) {
                  var won = Number(t.net) >= 0, color = won ? '#1a7f37' : '#d1242f';
                  var line = chart.addSeries(L.LineSeries, { color: color, lineWidth: 2, priceLineVisible: false,
                    lastValueVisible: false, crosshairMarkerVisible: false });
                  if (t.out > t.in) { line.setData([{ time: t.in, value: Number(t.entry) }, { time: t.out, value: Number(t.exit) }]); }
                  markers.push({ time: t.in, position: t.long ? 'belowBar' : 'aboveBar', color: t.long ? '#1a7f37' : '#d1242f',
                    shape: t.long ? 'arrowUp' : 'arrowDown' });
                  markers.push({ time: t.out, position: t.long ? 'aboveBar' : 'belowBar', color: color, shape: 'circle' });
                });
                markers.sort(function (a, b) { return a.time - b.time; });
                L.createSeriesMarkers(candles, markers);
                // the details of a trade show when the crosshair is on its entry or exit candle
                var tip = document.createElement('div');
                tip.className = 'lwc-tip';
                tip.style.cssText = 'position:absolute;display:none;z-index:3;background:#fff;border:1px solid #ccc;'
                  + 'padding:4px 8px;font-size:12px;pointer-events:none;white-space:pre';
                el.style.position = 'relative';
                el.appendChild(tip);
                chart.subscribeCrosshairMove(function (param) {
                  var here = param.time === undefined ? [] : data.trades.filter(function (t) {
                    return t.in === param.time || t.out === param.time; });
                  if (!here.length || !param.point) { tip.style.display = 'none'; return; }
                  tip.textContent = here.map(function (t) {
                    return (t.long ? 'long ' : 'short ') + t.qty + ' (' + t.strategy + ')\\nentry ' + t.entry + ', exit '
                      + t.exit + ' (' + t.reason + ')\\nnet ' + t.net + ' USDT, fees ' + t.fees; }).join('\\n\\n');
                  tip.style.left = Math.min(param.point.x + 12, el.clientWidth - 260) + 'px';
                  tip.style.top = '8px';
                  tip.style.display = 'block';
                });
                var n = data.candles.length;
                if (n > 400) { chart.timeScale().setVisibleLogicalRange({ from: n - 400, to: n }); }
                else { chart.timeScale().fitContent(); }
                el.dataset.drawn = String(data.candles.length);
              });
            })();
            """;

    private static boolean hasOscillators(Map<String, IndicatorLine> lines) {
        return lines.values().stream().anyMatch(l -> l.ownScale() && l.size() > 0);
    }

    /** The lines of one kind as a JSON object of name to [time, value] points, the not-ready (NaN) ones left out. */
    private static void lines(StringBuilder sb, Map<String, IndicatorLine> lines, boolean ownScale) {
        sb.append('{');
        boolean firstLine = true;
        for (Map.Entry<String, IndicatorLine> l : lines.entrySet()) {
            IndicatorLine line = l.getValue();
            if (line.ownScale() != ownScale) {
                continue;
            }
            sb.append(firstLine ? "" : ",").append('"').append(json(l.getKey())).append("\":[");
            boolean firstPoint = true;
            for (int i = 0; i < line.size(); i++) {
                if (Double.isFinite(line.value(i))) {
                    sb.append(firstPoint ? "" : ",").append('[').append(line.timeSec(i)).append(',')
                            .append(n(line.value(i))).append(']');
                    firstPoint = false;
                }
            }
            sb.append(']');
            firstLine = false;
        }
        sb.append('}');
    }

    private static String library() {
        try (InputStream in = PriceCharts.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IllegalStateException("the build carries no " + LIBRARY);
            }
            // a literal "</script" inside would end the inline script early
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String n(double v) {
        return Double.isFinite(v) ? BigDecimalText.of(v) : "null";
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Shortest plain text of a double (no exponent), for JSON numbers. */
    private static final class BigDecimalText {
        static String of(double v) {
            return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    }
}
