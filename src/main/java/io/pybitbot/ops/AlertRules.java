package io.pybitbot.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns successive status samples (what {@code /api/v1/status} answers) into alerts: halts and resumes, a symbol's
 * entries halted because its protective actions kept failing, invalid exchange data dropped, positions
 * opened and closed, a position without a stop-loss for too long, a symbol quarantined, a cluster member gone or
 * unreachable, the singletons moved to another node. Plain Java: it compares two samples and remembers only how long a position has lacked a stop.
 */
final class AlertRules {

    /**
     * @param kind a stable name for routing and de-duplication ({@code halt}, {@code entry}, ...)
     * @param key  what the alert is about; the same kind and key within the de-duplication window is sent once
     */
    record Alert(String kind, String key, String text) {
        Alert {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(text, "text");
        }
    }

    private final long unprotectedAfterMs;
    private JsonNode previous;
    private final Map<String, Long> unprotectedSinceMs = new HashMap<>();
    private final Map<String, Boolean> unprotectedAlerted = new HashMap<>();

    /** @param unprotectedAfterMs how long a position may lack an exchange-side stop before it is an alert */
    AlertRules(long unprotectedAfterMs) {
        this.unprotectedAfterMs = unprotectedAfterMs;
    }

    /** The alerts {@code sample}, taken at {@code nowMs}, gives against the one before it (none for the first). */
    List<Alert> next(JsonNode sample, long nowMs) {
        List<Alert> out = new ArrayList<>();
        if (previous != null) {
            risk(previous.path("risk"), sample.path("risk"), out);
            invalidData(previous.path("invalidData").path("byKind"), sample.path("invalidData").path("byKind"), out);
            reconciliation(previous.path("execution"), sample.path("execution"), out);
            long stalls = sample.path("accountStream").path("stalls").asLong();
            if (stalls > previous.path("accountStream").path("stalls").asLong(stalls)) {
                out.add(new Alert("stream-stalled", "account", "the private (account) stream went silent past the stall"
                        + " timeout and was replaced (" + stalls + " stall(s) so far); the account is re-read over REST"));
            }
            positions(byKey(previous.path("positions"), "symbol"), byKey(sample.path("positions"), "symbol"), out);
            symbols(byKey(previous.path("symbols"), "symbol"), byKey(sample.path("symbols"), "symbol"), out);
            members(byKey(previous.path("cluster").path("members"), "address"),
                    byKey(sample.path("cluster").path("members"), "address"), out);
            singletons(previous.path("cluster").path("singletons").asText(""),
                    sample.path("cluster").path("singletons").asText(""), out);
        }
        unprotected(byKey(sample.path("positions"), "symbol"), nowMs, out);
        previous = sample;
        return out;
    }

    private static void risk(JsonNode before, JsonNode now, List<Alert> out) {
        String was = before.path("state").asText("");
        String is = now.path("state").asText("");
        if (was.equals("ACTIVE") && is.equals("HALTED")) {
            out.add(new Alert("halt", "risk", "RISK HALTED: " + now.path("haltReason").asText()
                    + "; no new entries until an operator resumes"));
        } else if (was.equals("HALTED") && is.equals("ACTIVE")) {
            out.add(new Alert("resume", "risk", "risk resumed: new entries allowed again"));
        }
        now.path("pausedStrategies").fields().forEachRemaining(e -> {
            if (!before.path("pausedStrategies").has(e.getKey())) {
                out.add(new Alert("strategy-paused", e.getKey(), "strategy " + e.getKey() + " " + e.getValue().asText()
                        + ": no new entries from it until it is resumed"));
            }
        });
        before.path("pausedStrategies").fieldNames().forEachRemaining(name -> {
            if (!now.path("pausedStrategies").has(name)) {
                out.add(new Alert("strategy-resumed", name, "strategy " + name + " resumed: new entries allowed again"));
            }
        });
        now.path("haltedSymbols").fields().forEachRemaining(e -> {
            if (!before.path("haltedSymbols").has(e.getKey())) {
                out.add(new Alert("symbol-halt", e.getKey(), "ENTRIES HALTED on " + e.getKey() + ": "
                        + e.getValue().asText() + "; resume lifts it once you have looked"));
            }
        });
    }

    /** A reconciliation corrected the ledger: the stream had missed something (a fill, a close). */
    private static void reconciliation(JsonNode before, JsonNode now, List<Alert> out) {
        long added = now.path("reconcileDifferences").asLong() - before.path("reconcileDifferences").asLong(0);
        if (added > 0 && before.has("reconcileDifferences")) {
            out.add(new Alert("reconcile-difference", now.path("lastReconcileDifference").asText(),
                    "RECONCILIATION DIFFERENCE: " + now.path("lastReconcileDifference").asText()
                            + (added > 1 ? " (and " + (added - 1) + " more)" : "") + "; the exchange's view applied"));
        }
    }

    /** New invalid rows of a kind since the sample before: one alert per kind (the sender de-duplicates repeats). */
    private static void invalidData(JsonNode before, JsonNode now, List<Alert> out) {
        now.fields().forEachRemaining(e -> {
            long added = e.getValue().asLong() - before.path(e.getKey()).asLong(0);
            if (added > 0) {
                out.add(new Alert("invalid-data", e.getKey(), "the exchange sent " + added + " invalid " + e.getKey()
                        + " row(s), dropped (" + e.getValue().asLong() + " so far); the log's 'dropped an invalid' lines"
                        + " say what was wrong"));
            }
        });
    }

    private static void positions(Map<String, JsonNode> before, Map<String, JsonNode> now, List<Alert> out) {
        now.forEach((symbol, p) -> {
            JsonNode old = before.get(symbol);
            if (old == null || !old.path("side").asText().equals(p.path("side").asText())) {
                out.add(new Alert("entry", symbol + ":" + p.path("side").asText() + ":" + p.path("entryPrice").asText(),
                        "entry filled: " + p.path("side").asText() + " " + p.path("size").asText() + " " + symbol
                                + " @ " + p.path("entryPrice").asText() + ", stop " + p.path("stopLoss").asText("none")
                                + " (" + p.path("strategy").asText() + ")"));
            }
        });
        before.forEach((symbol, p) -> {
            JsonNode still = now.get(symbol);
            if (still == null || !still.path("side").asText().equals(p.path("side").asText())) {
                out.add(new Alert("exit", symbol + ":" + p.path("side").asText() + ":" + p.path("entryPrice").asText(),
                        "position closed: " + p.path("side").asText() + " " + p.path("size").asText() + " " + symbol
                                + " (entered @ " + p.path("entryPrice").asText() + ")"));
            }
        });
    }

    private void unprotected(Map<String, JsonNode> now, long nowMs, List<Alert> out) {
        unprotectedSinceMs.keySet().retainAll(now.keySet());
        unprotectedAlerted.keySet().retainAll(now.keySet());
        now.forEach((symbol, p) -> {
            if (p.path("protected").asBoolean(true)) {
                unprotectedSinceMs.remove(symbol);
                unprotectedAlerted.remove(symbol);
                return;
            }
            long since = unprotectedSinceMs.computeIfAbsent(symbol, s -> nowMs);
            if (nowMs - since >= unprotectedAfterMs && unprotectedAlerted.putIfAbsent(symbol, true) == null) {
                out.add(new Alert("unprotected", symbol, "POSITION WITHOUT STOP: " + p.path("side").asText() + " "
                        + p.path("size").asText() + " " + symbol + " has had no exchange-side stop-loss for "
                        + (nowMs - since) / 1000 + " s"));
            }
        });
    }

    private static void symbols(Map<String, JsonNode> before, Map<String, JsonNode> now, List<Alert> out) {
        now.forEach((symbol, s) -> {
            String was = before.containsKey(symbol) ? before.get(symbol).path("state").asText() : "";
            String is = s.path("state").asText();
            if (is.equals("quarantined") && !was.equals("quarantined")) {
                out.add(new Alert("quarantine", symbol, symbol + " quarantined (no trading): "
                        + s.path("quarantine").asText()));
            } else if (was.equals("quarantined") && is.equals("live")) {
                out.add(new Alert("quarantine-lifted", symbol, symbol + " is live again"));
            }
            long stalls = s.path("stream").path("stalls").asLong();
            long stallsBefore = before.containsKey(symbol) ? before.get(symbol).path("stream").path("stalls").asLong() : 0;
            if (stalls > stallsBefore) {
                out.add(new Alert("stream-stalled", symbol, symbol + " kline stream went silent past the stall timeout"
                        + " and was replaced (" + stalls + " stall(s) so far); gaps are filled over REST"));
            }
        });
    }

    private static void members(Map<String, JsonNode> before, Map<String, JsonNode> now, List<Alert> out) {
        before.forEach((address, m) -> {
            JsonNode still = now.get(address);
            if (still == null) {
                out.add(new Alert("member-left", address, "cluster member " + address + " left the cluster"));
            } else if (m.path("reachable").asBoolean(true) && !still.path("reachable").asBoolean(true)) {
                out.add(new Alert("member-unreachable", address, "cluster member " + address + " is unreachable"));
            }
        });
    }

    private static void singletons(String before, String now, List<Alert> out) {
        if (!before.isEmpty() && !now.isEmpty() && !before.equals(now)) {
            out.add(new Alert("singletons-moved", now, "the singletons (order execution, risk, TP/SL, account feed, "
                    + "REST client) moved from " + before + " to " + now));
        }
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String field) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode n : array) {
            m.put(n.path(field).asText(), n);
        }
        return m;
    }
}
