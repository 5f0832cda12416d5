package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks {@code general.json}. */
final class GeneralJson {

    static final String FILE = "general.json";
    static final Pattern LINEAR_SYMBOL = Pattern.compile("[A-Z0-9]{2,20}USDT");
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private GeneralJson() {
    }

    static GeneralConfig read(JsonObjectView root, Problems problems) {
        TradingMode mode = TradingMode.fromCode(root.choice("mode", "sim", TradingMode.codes()));
        String category = root.choice("category", "linear", List.of("linear"));
        List<String> symbols = symbols(root, problems);
        List<Interval> timeframes = intervals(root, "timeframes", problems, root.file());

        JsonObjectView sys = root.object("system");
        int backfill = sys.integer("backfill_candles", 300, 1, 100_000, "closed candles loaded per symbol and timeframe");
        String dataDir = sys.string("data_dir", "a non-empty directory path").orElse("data");
        String logLevel = sys.choice("log_level", "INFO", LOG_LEVELS);
        double maxSignalAge = sys.number("max_signal_age_fraction", GeneralConfig.SystemSettings.DEFAULT_MAX_SIGNAL_AGE_FRACTION,
                Range.FRACTION, "of the candle interval: older signals are not traded");
        JsonObjectView status = sys.object("status");
        String host = status.string("host", "a host name or IP address").orElse("127.0.0.1");
        int port = status.integer("port", 8080, 1, 65_535, "TCP port of the status endpoint");
        status.finish();
        sys.finish();
        root.finish();
        return new GeneralConfig(mode, category, symbols, timeframes,
                new GeneralConfig.SystemSettings(backfill, dataDir, logLevel, new GeneralConfig.Status(host, port),
                        maxSignalAge));
    }

    private static List<String> symbols(JsonObjectView root, Problems problems) {
        List<JsonObjectView.Element> raw = root.stringArray("symbols", true, "a symbol such as \"BTCUSDT\"");
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonObjectView.Element e : raw) {
            if (!LINEAR_SYMBOL.matcher(e.value()).matches()) {
                String upper = e.value().trim().toUpperCase(java.util.Locale.ROOT);
                problems.add(root.file(), e.path(), "found \"" + e.value() + "\", expected an upper-case USDT perpetual"
                        + " symbol (letters and digits ending in USDT, e.g. BTCUSDT)"
                        + (LINEAR_SYMBOL.matcher(upper).matches() ? "; did you mean '" + upper + "'?" : ""));
            } else if (!seen.add(e.value())) {
                problems.add(root.file(), e.path(), "duplicate symbol \"" + e.value() + "\", expected each symbol once");
            } else {
                out.add(e.value());
            }
        }
        return out;
    }

    /** A required, non-empty, duplicate-free array of Bybit interval codes. */
    static List<Interval> intervals(JsonObjectView obj, String key, Problems problems, String file) {
        List<JsonObjectView.Element> raw = obj.stringArray(key, true, "an interval code (" + Interval.validCodes() + ")");
        List<Interval> out = new ArrayList<>();
        for (JsonObjectView.Element e : raw) {
            var interval = Interval.fromCode(e.value());
            if (interval.isEmpty()) {
                problems.add(file, e.path(), "found \"" + e.value() + "\", expected a Bybit interval code, one of "
                        + Interval.validCodes());
            } else if (out.contains(interval.get())) {
                problems.add(file, e.path(), "duplicate timeframe \"" + e.value() + "\", expected each timeframe once");
            } else {
                out.add(interval.get());
            }
        }
        return out;
    }
}
