package io.pybitbot.indicator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.domain.Candle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.num.DecimalNum;

/** Test-only reader for the real market data the build unpacks from ta4j-examples. */
final class MarketData {

    private static final String ETH = "/bundled/ta4j/ETH-USD-PT5M-2023-3-13_2023-3-15.json";
    private static final String BTC_TRADES = "/bundled/ta4j/bitstamp_trades_from_20131125_usd.csv";
    private static final long FIVE_MINUTES_MS = 5 * 60_000L;
    private static final long ONE_MINUTE_MS = 60_000L;

    private static List<Candle> eth;
    private static List<Candle> btc;

    private MarketData() {
    }

    /** ETH/USD 5-minute candles (Binance US, 13-15 March 2023). */
    static synchronized List<Candle> eth5m() {
        if (eth == null) {
            eth = List.copyOf(readEth());
        }
        return eth;
    }

    /** Bitstamp BTC/USD trades from late November 2013 aggregated into 1-minute candles (minutes without trades are skipped). */
    static synchronized List<Candle> btc1m() {
        if (btc == null) {
            btc = List.copyOf(readBtc());
        }
        return btc;
    }

    private static InputStream open(String resource) {
        InputStream in = MarketData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled data " + resource + " not on the test classpath; run mvn test-compile");
        }
        return in;
    }

    private static List<Candle> readEth() {
        try (InputStream in = open(ETH)) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Candle> out = new ArrayList<>();
            for (JsonNode bar : root.get("ohlc")) {
                long startMs = bar.get("endTime").asLong() + 1 - FIVE_MINUTES_MS;
                out.add(Candle.closed(startMs, bar.get("openPrice").asDouble(), bar.get("highPrice").asDouble(),
                        bar.get("lowPrice").asDouble(), bar.get("closePrice").asDouble(),
                        bar.get("volume").asDouble(), bar.get("amount").asDouble()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Candle> readBtc() {
        List<Candle> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(BTC_TRADES), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (!"timestamp,price,amount".equals(header)) {
                throw new IllegalStateException("unexpected header in " + BTC_TRADES + ": " + header);
            }
            long minute = Long.MIN_VALUE;
            double open = 0;
            double high = 0;
            double low = 0;
            double close = 0;
            double volume = 0;
            double turnover = 0;
            String line;
            int lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                String[] f = line.split(",");
                if (f.length != 3) {
                    throw new IllegalStateException(BTC_TRADES + " line " + lineNo + ": expected 3 fields: " + line);
                }
                long tradeMinute = Long.parseLong(f[0]) * 1000 / ONE_MINUTE_MS * ONE_MINUTE_MS;
                double price = Double.parseDouble(f[1]);
                double amount = Double.parseDouble(f[2]);
                if (tradeMinute != minute) {
                    if (minute != Long.MIN_VALUE) {
                        out.add(Candle.closed(minute, open, high, low, close, volume, turnover));
                    }
                    minute = tradeMinute;
                    open = high = low = price;
                    volume = 0;
                    turnover = 0;
                }
                high = Math.max(high, price);
                low = Math.min(low, price);
                close = price;
                volume += amount;
                turnover += price * amount;
            }
            if (minute != Long.MIN_VALUE) {
                out.add(Candle.closed(minute, open, high, low, close, volume, turnover));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The same candles as a ta4j series with exact decimal arithmetic (each double converted exactly). */
    static BarSeries toSeries(String name, List<Candle> candles) {
        BarSeries series = new BaseBarSeriesBuilder().withName(name).withNumTypeOf(DecimalNum.class).build();
        for (Candle c : candles) {
            // ta4j keys bars by end time; only its order matters here, so the start time serves
            series.addBar(Instant.ofEpochMilli(c.startMs()).atZone(ZoneOffset.UTC),
                    series.numOf(c.open()), series.numOf(c.high()), series.numOf(c.low()),
                    series.numOf(c.close()), series.numOf(c.volume()));
        }
        return series;
    }
}
