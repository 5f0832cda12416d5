package io.pybitbot.sim.server;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Bybit's default per-UID limits (requests per rolling second, per endpoint) and the per-IP limit (600 per
 * rolling 5 s). Time comes from the caller; thread-safe.
 */
public final class RateLimits {

    /** Per-UID default limits for linear (bybit-v5.md section 7); absent paths have no per-UID limit. */
    static final Map<String, Integer> PER_SECOND = Map.ofEntries(
            Map.entry("/v5/order/create", 10), Map.entry("/v5/order/amend", 10), Map.entry("/v5/order/cancel", 10),
            Map.entry("/v5/order/cancel-all", 10), Map.entry("/v5/order/realtime", 50),
            Map.entry("/v5/order/history", 50), Map.entry("/v5/execution/list", 50),
            Map.entry("/v5/position/list", 50), Map.entry("/v5/position/set-leverage", 10),
            Map.entry("/v5/position/trading-stop", 10), Map.entry("/v5/position/switch-mode", 10), Map.entry("/v5/account/wallet-balance", 50),
            Map.entry("/v5/account/info", 50), Map.entry("/v5/account/fee-rate", 5), Map.entry("/v5/user/query-api", 10),
            Map.entry("/v5/asset/coin/query-info", 5));

    /**
     * The outcome of counting one request.
     *
     * @param limit     the endpoint's limit (X-Bapi-Limit)
     * @param remaining requests left in the current window after this one (X-Bapi-Limit-Status)
     * @param resetMs   when the window frees a slot if exceeded, else now (X-Bapi-Limit-Reset-Timestamp)
     */
    public record Verdict(boolean allowed, int limit, int remaining, long resetMs) {}

    /**
     * What one per-UID endpoint saw: requests let through, requests refused with 10006, and the most let
     * through in any rolling second (never above the limit while the simulator enforces it; the figure a
     * cluster test compares with the limit to show the bot's shared budget held).
     */
    public record EndpointRecord(int limit, long allowed, long rejected, int maxInOneSecond) {}

    private final Map<String, long[]> counts = new HashMap<>();

    private final Map<String, ArrayDeque<Long>> uidWindows = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> ipWindows = new HashMap<>();
    private final int ipLimitPer5s;

    public RateLimits(int ipLimitPer5s) {
        this.ipLimitPer5s = ipLimitPer5s;
    }

    public static int limitOf(String path) {
        return PER_SECOND.getOrDefault(path, 0);
    }

    /** Counts a private request against its endpoint; a refused request is not counted. */
    public synchronized Verdict uid(String path, long nowMs) {
        int limit = limitOf(path);
        if (limit == 0) {
            return new Verdict(true, 0, 0, nowMs);
        }
        ArrayDeque<Long> w = window(uidWindows, path, nowMs, 1000);
        long[] c = counts.computeIfAbsent(path, k -> new long[3]);
        if (w.size() >= limit) {
            c[1]++;
            return new Verdict(false, limit, 0, w.peekFirst() + 1000);
        }
        w.addLast(nowMs);
        c[0]++;
        // the window now holds exactly the requests of the second ending now; its peak is the peak of any second
        c[2] = Math.max(c[2], w.size());
        return new Verdict(true, limit, limit - w.size(), nowMs);
    }

    /** Per-UID endpoints that saw a request, by path. */
    public synchronized Map<String, EndpointRecord> record() {
        Map<String, EndpointRecord> out = new java.util.TreeMap<>();
        counts.forEach((path, c) -> out.put(path, new EndpointRecord(limitOf(path), c[0], c[1], (int) c[2])));
        return out;
    }

    /** Counts any request against the client's IP; false = over the limit (HTTP 403). */
    public synchronized boolean ip(String ip, long nowMs) {
        ArrayDeque<Long> w = window(ipWindows, ip, nowMs, 5000);
        if (w.size() >= ipLimitPer5s) {
            return false;
        }
        w.addLast(nowMs);
        return true;
    }

    private static ArrayDeque<Long> window(Map<String, ArrayDeque<Long>> m, String key, long nowMs, long spanMs) {
        ArrayDeque<Long> w = m.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!w.isEmpty() && w.peekFirst() <= nowMs - spanMs) {
            w.pollFirst();
        }
        return w;
    }
}
