package io.pybitbot.config;

import io.pybitbot.domain.Interval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and checks {@code strategy.json} against the registry and {@code general.json}. */
final class StrategyJson {

    static final String FILE = "strategy.json";

    private StrategyJson() {
    }

    /** @param general null when general.json could not be read; cross-file checks are then skipped */
    static StrategiesConfig read(JsonObjectView root, StrategySchemas registry, GeneralConfig general,
                                 Problems problems) {
        JsonObjectView strategies = root.requiredObject("strategies");
        Map<String, StrategyConfig> out = new LinkedHashMap<>();
        Set<String> knownNames = registry.specs().keySet();
        for (String name : strategies.keys()) {
            StrategyParamsSpec spec = registry.specs().get(name);
            if (spec == null) {
                strategies.problem(name, "unknown strategy '" + name + "'" + Suggestions.didYouMean(name, knownNames)
                        + " (known strategies: " + String.join(", ", knownNames) + ")");
                continue;
            }
            JsonObjectView s = strategies.object(name);
            boolean enabled = s.requiredBool("enabled", false);
            Interval timeframe = timeframe(s, general, problems);
            List<String> symbols = symbols(s, general, problems);
            ParamValues params = spec.read(s.object("params"), problems);
            s.finish();
            out.put(name, new StrategyConfig(name, enabled, timeframe, symbols, params));
        }
        root.finish();
        return new StrategiesConfig(out);
    }

    private static Interval timeframe(JsonObjectView s, GeneralConfig general, Problems problems) {
        String code = s.requiredString("timeframe", "an interval code (" + Interval.validCodes() + ")").orElse(null);
        if (code == null) {
            return Interval.M5;
        }
        var interval = Interval.fromCode(code);
        if (interval.isEmpty()) {
            s.problem("timeframe", "found \"" + code + "\", expected a Bybit interval code, one of " + Interval.validCodes());
            return Interval.M5;
        }
        if (general != null && !general.timeframes().isEmpty() && !general.timeframes().contains(interval.get())) {
            s.problem("timeframe", "found \"" + code + "\", expected one of the timeframes in general.json $.timeframes "
                    + general.timeframes());
        }
        return interval.get();
    }

    private static List<String> symbols(JsonObjectView s, GeneralConfig general, Problems problems) {
        List<JsonObjectView.Element> raw = s.stringArray("symbols", false, "a symbol from general.json $.symbols");
        Set<String> out = new LinkedHashSet<>();
        for (JsonObjectView.Element e : raw) {
            if (general != null && !general.symbols().contains(e.value())) {
                problems.add(s.file(), e.path(), "found \"" + e.value() + "\", expected a symbol listed in general.json"
                        + " $.symbols " + general.symbols() + Suggestions.didYouMean(e.value(), general.symbols()));
            } else if (!out.add(e.value())) {
                problems.add(s.file(), e.path(), "duplicate symbol \"" + e.value() + "\", expected each symbol once");
            }
        }
        if (raw.isEmpty() && general != null) {
            return general.symbols(); // an empty list means every configured symbol
        }
        return new ArrayList<>(out);
    }
}
