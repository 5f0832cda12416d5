package io.pybitbot.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's own config file (JSON, e.g. {@code configs/sim.json}); every key is optional and falls back
 * to {@link SimSettings#defaults()}. Keys (snake_case, as the other config files):
 * <pre>
 * { "host": "127.0.0.1", "port": 8090, "api_key": "sim-api-key", "api_secret": "sim-api-secret",
 *   "symbols": ["BTCUSDT"], "data": "bundled", "speed": "1", "interim_updates": 3, "warmup_candles": 200, "warmup_interval": "5",
 *   "synthetic": {"interval": "1", "candles": 20000, "seed": 42},
 *   "account": {"balance": 10000, "leverage": 10, "slippage_bps": 2, "fees": {"taker": 0.00055, "maker": 0.0002}},
 *   "rate_limits": {"enabled": true, "ip_limit_per_5s": 600},
 *   "faults": {"drop_ws_every_seconds": 0, "stall_streams": false, "rest_delay_ms": 0, "error_rate": 0,
 *              "rate_limit_rate": 0, "lose_order_rate": 0, "clock_skew_ms": 0, "seed": 1} }
 * </pre>
 * Unknown keys are errors (a typo must not silently fall back to a default).
 */
public final class SimConfig {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("host", "port", "api_key", "api_secret", "symbols", "data", "speed", "interim_updates",
                    "warmup_candles", "warmup_interval", "synthetic", "account", "rate_limits", "faults"),
            "synthetic", Set.of("interval", "candles", "seed"),
            "account", Set.of("balance", "leverage", "slippage_bps", "fees"),
            "account.fees", Set.of("taker", "maker"),
            "rate_limits", Set.of("enabled", "ip_limit_per_5s"),
            "faults", Set.of("drop_ws_every_seconds", "stall_streams", "rest_delay_ms", "error_rate",
                    "rate_limit_rate", "lose_order_rate", "clock_skew_ms", "seed"));

    private SimConfig() {
    }

    public static SimSettings read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read simulator config " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static SimSettings parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the simulator config must be a JSON object");
        }
        check(root, "");
        SimSettings d = SimSettings.defaults();
        JsonNode syn = object(root, "synthetic");
        JsonNode acct = object(root, "account");
        JsonNode fees = object(acct, "fees");
        JsonNode rl = object(root, "rate_limits");
        JsonNode f = object(root, "faults");
        check(syn, "synthetic");
        check(acct, "account");
        check(fees, "account.fees");
        check(rl, "rate_limits");
        check(f, "faults");
        List<String> symbols = new ArrayList<>();
        JsonNode syms = root.path("symbols");
        if (!syms.isMissingNode()) {
            if (!syms.isArray()) {
                throw new IllegalArgumentException("symbols must be a list of strings");
            }
            syms.forEach(s -> symbols.add(s.asText()));
        }
        FaultSettings faults = new FaultSettings(
                Duration.ofMillis((long) (num(f, "drop_ws_every_seconds", 0) * 1000)),
                bool(f, "stall_streams", false), Duration.ofMillis((long) num(f, "rest_delay_ms", 0)),
                num(f, "error_rate", 0), num(f, "rate_limit_rate", 0), num(f, "lose_order_rate", 0),
                Duration.ofMillis((long) num(f, "clock_skew_ms", 0)), (long) num(f, "seed", 1));
        FillSettings fills = new FillSettings(num(acct, "slippage_bps", d.fills().slippageBps()),
                new FeeSchedule(dec(fees, "taker", d.fills().fees().takerRate()),
                        dec(fees, "maker", d.fills().fees().makerRate())));
        return new SimSettings(text(root, "host", d.host()), (int) num(root, "port", d.port()),
                text(root, "api_key", d.apiKey()), text(root, "api_secret", d.apiSecret()), symbols,
                text(root, "data", d.data()), text(syn, "interval", d.syntheticInterval()),
                (int) num(syn, "candles", d.syntheticCandles()), (long) num(syn, "seed", d.seed()),
                Speed.parse(text(root, "speed", "1")), (int) num(root, "interim_updates", d.interimUpdates()),
                (int) num(root, "warmup_candles", d.warmupCandles()), warmupInterval(root), null,
                dec(acct, "balance", d.initialBalance()), dec(acct, "leverage", d.defaultLeverage()), fills,
                bool(rl, "enabled", d.enforceRateLimits()), (int) num(rl, "ip_limit_per_5s", d.ipLimitPer5s()),
                faults);
    }

    private static void check(JsonNode node, String path) {
        if (node.isMissingNode()) {
            return;
        }
        Set<String> allowed = KEYS.get(path);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + (path.isEmpty() ? k : path + "." + k)
                        + "'; allowed: " + allowed);
            }
        }
    }

    private static JsonNode object(JsonNode parent, String key) {
        JsonNode n = parent.path(key);
        if (!n.isMissingNode() && !n.isObject()) {
            throw new IllegalArgumentException(key + " must be an object");
        }
        return n;
    }

    private static io.pybitbot.domain.Interval warmupInterval(JsonNode root) {
        String code = text(root, "warmup_interval", null);
        return code == null ? null : io.pybitbot.domain.Interval.fromCode(code).orElseThrow(() ->
                new IllegalArgumentException("warmup_interval: '" + code + "' is not a Bybit interval, expected one of "
                        + io.pybitbot.domain.Interval.validCodes()));
    }

    private static String text(JsonNode n, String key, String dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        return v.asText();
    }

    private static double num(JsonNode n, String key, double dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static BigDecimal dec(JsonNode n, String key, BigDecimal dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() && !v.isTextual()) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got " + v);
        }
    }

    private static boolean bool(JsonNode n, String key, boolean dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + v);
        }
        return v.asBoolean();
    }
}
