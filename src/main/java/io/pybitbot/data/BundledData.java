package io.pybitbot.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real market data shipped with the bot without committing data files: the build unpacks two data
 * files of the {@code org.ta4j:ta4j-examples} jar from Maven Central into {@code bundled/ta4j/} on the
 * classpath, and this class turns them into candles.
 *
 * <ul>
 *   <li>{@code BTCUSDT}: 100,000 Bitstamp BTC/USD trades from 2013-11-25 to 2013-12-01, aggregated into
 *       1-minute candles (about 9,400), resampled on demand to any whole multiple.</li>
 *   <li>{@code ETHUSDT}: 580 five-minute ETH/USD candles from Binance US, 2023-03-13 to 2023-03-15. The
 *       source has no quote volume, so turnover is estimated as volume x typical price.</li>
 * </ul>
 *
 * The symbols are named after the Bybit perpetuals they stand in for; the prices are the real spot
 * prices of those markets at those dates.
 */
public final class BundledData {

    public static final String BTC = "BTCUSDT";
    public static final String ETH = "ETHUSDT";
    private static final String BTC_TRADES = "/bundled/ta4j/bitstamp_trades_from_20131125_usd.csv";
    private static final String ETH_5M = "/bundled/ta4j/ETH-USD-PT5M-2023-3-13_2023-3-15.json";
    private static final Map<String, CandleSeries> BASE = new ConcurrentHashMap<>();

    private BundledData() {
    }

    public static Set<String> symbols() {
        return Set.of(BTC, ETH);
    }

    /** The interval the bundled series of {@code symbol} is recorded at (the finest available). */
    public static Interval baseInterval(String symbol) {
        return switch (symbol) {
            case BTC -> Interval.M1;
            case ETH -> Interval.M5;
            default -> throw unknown(symbol);
        };
    }

    public static boolean has(String symbol, Interval interval) {
        if (!symbols().contains(symbol) || interval == Interval.MONTH) {
            return false;
        }
        return interval.millis() % baseInterval(symbol).millis() == 0;
    }

    /** The bundled candles of {@code symbol} at {@code interval}. */
    public static CandleSeries load(String symbol, Interval interval) {
        if (!symbols().contains(symbol)) {
            throw unknown(symbol);
        }
        if (!has(symbol, interval)) {
            throw new DataException("bundled data for " + symbol + " is recorded at interval "
                    + baseInterval(symbol).code() + " and cannot produce interval " + interval.code()
                    + " (use a whole multiple of it)");
        }
        CandleSeries base = BASE.computeIfAbsent(symbol, s -> s.equals(BTC) ? loadBtc() : loadEth());
        return Resampler.resample(base, interval);
    }

    private static DataException unknown(String symbol) {
        String upper = symbol.strip().toUpperCase(java.util.Locale.ROOT);
        String hint = !upper.equals(symbol) && symbols().contains(upper) ? " (did you mean " + upper + "?)" : "";
        return new DataException("no bundled data for symbol '" + symbol + "'" + hint + "; bundled symbols are "
                + new java.util.TreeSet<>(symbols()) + " (use --data to point at candle files, or `download` them)");
    }

    private static InputStream open(String resource) {
        InputStream in = BundledData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DataException("bundled data resource " + resource
                    + " is missing from the classpath; build with `mvn package`, which unpacks it from ta4j-examples");
        }
        return in;
    }

    private static CandleSeries loadBtc() {
        TradeAggregator agg = new TradeAggregator(Interval.M1);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(open(BTC_TRADES), StandardCharsets.UTF_8))) {
            String line = r.readLine(); // header: timestamp,price,amount
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int a = line.indexOf(',');
                int b = line.indexOf(',', a + 1);
                if (a < 0 || b < 0) {
                    throw new DataException(BTC_TRADES + ":" + lineNo + ": expected timestamp,price,amount");
                }
                long seconds = Long.parseLong(line, 0, a, 10);
                agg.add(seconds * 1000L, Double.parseDouble(line.substring(a + 1, b)),
                        Double.parseDouble(line.substring(b + 1)));
            }
        } catch (IOException | NumberFormatException e) {
            throw new DataException("cannot read bundled " + BTC_TRADES + ": " + e.getMessage(), e);
        }
        // the last minute of a finite trade file is partial: leave it out
        return new CandleSeries(BTC, Interval.M1, agg.finish(false), "bundled:bitstamp BTC/USD trades 2013-11")
                .validate();
    }

    private static CandleSeries loadEth() {
        JsonNode root;
        try (InputStream in = open(ETH_5M)) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new DataException("cannot read bundled " + ETH_5M + ": " + e.getMessage(), e);
        }
        List<Candle> out = new ArrayList<>();
        for (JsonNode n : root.path("ohlc")) {
            // endTime is the last millisecond of the candle
            long start = n.path("endTime").asLong() + 1 - Interval.M5.millis();
            double high = n.path("highPrice").asDouble();
            double low = n.path("lowPrice").asDouble();
            double close = n.path("closePrice").asDouble();
            double volume = n.path("volume").asDouble();
            out.add(Candle.closed(start, n.path("openPrice").asDouble(), high, low, close, volume,
                    volume * (high + low + close) / 3.0));
        }
        return new CandleSeries(ETH, Interval.M5, out, "bundled:binance-us ETH/USD 5m 2023-03").validate();
    }
}
