package io.pybitbot.sim.server;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Bybit's default per-UID limits (requests per rolling second, per endpoint) and the per-IP limit (600 per
 * rolling 5 s). Time comes from the caller; thread-safe.
 */
public final class RateLimits {

    /** Per-UID default limits for linear (bybit-v5.md section 7); absent paths have no per-UID limit. */
    static final Map<String, Integer> PER_SECOND = Map.ofEntries(
            Map.entry("/v5/order/create", 10), Map.entry("/v5/order/create-batch", 10), Map.entry("/v5/order/amend", 10), Map.entry("/v5/order/cancel", 10),
            Map.entry("/v5/order/cancel-all", 10), Map.entry("/v5/order/realtime", 50),
            Map.entry("/v5/order/history", 50), Map.entry("/v5/execution/list", 50),
            Map.entry("/v5/position/list", 50), Map.entry("/v5/position/set-leverage", 10),
            Map.entry("/v5/position/trading-stop", 10), Map.entry("/v5/position/switch-mode", 10), Map.entry("/v5/account/wallet-balance", 50),
            Map.entry("/v5/account/info", 50), Map.entry("/v5/account/fee-rate", 5), Map.entry("/v5/user/query-api", 10),
            Map.entry("/v5/asset/coin/query-info", 5));

    /**
     * The outcome of counting one request.
     *
     * @param granted   how many of the request's orders the window took (1 for a request that is not a batch); 0 =
     *                  refused
     * @param limit     the endpoint's limit (X-Bapi-Limit)
     * @param remaining requests left in the current window after this one (X-Bapi-Limit-Status)
     * @param resetMs   when the window frees a slot if exceeded, else now (X-Bapi-Limit-Reset-Timestamp)
     */
    public record Verdict(int granted, int limit, int remaining, long resetMs) {
        public boolean allowed() {
            return granted > 0;
        }
    }

    /**
     * What one per-UID endpoint saw: requests let through, requests refused with 10006, and the most let
     * through in any rolling second (never above the limit while the simulator enforces it; the figure a
     * cluster test compares with the limit to show the bot's shared budget held).
     */
    public record EndpointRecord(int limit, long allowed, long rejected, int maxInOneSecond) {}

    private final Map<String, long[]> counts = new HashMap<>();

    private final Map<String, PriorityQueue<Long>> uidWindows = new HashMap<>();
    private final Map<String, PriorityQueue<Long>> ipWindows = new HashMap<>();
    private final Map<String, PriorityQueue<Long>> connectWindows = new HashMap<>();
    private final int ipLimitPer5s;
    private final int connectsPer5Min;
    private long connectsRefused;

    /** Bybit's rule for WebSocket connects: 500 per 5 minutes per IP (per WS domain: public and private together). */
    public static final int WS_CONNECTS_PER_5_MIN = 500;

    public RateLimits(int ipLimitPer5s) {
        this(ipLimitPer5s, WS_CONNECTS_PER_5_MIN);
    }

    public RateLimits(int ipLimitPer5s, int connectsPer5Min) {
        this.ipLimitPer5s = ipLimitPer5s;
        this.connectsPer5Min = connectsPer5Min;
    }

    /** Counts a WebSocket connect from {@code ip}; false = over the limit (refused, and not counted). */
    public synchronized boolean wsConnect(String ip, long nowMs) {
        PriorityQueue<Long> w = window(connectWindows, ip, nowMs, 5 * 60_000L);
        if (w.size() >= connectsPer5Min) {
            connectsRefused++;
            return false;
        }
        w.add(nowMs);
        return true;
    }

    /** WebSocket connects refused for the per-IP limit since start. */
    public synchronized long wsConnectsRefused() {
        return connectsRefused;
    }

    public static int limitOf(String path) {
        return PER_SECOND.getOrDefault(path, 0);
    }

    /** Counts a private request against its endpoint; a refused request is not counted. */
    public Verdict uid(String path, long nowMs) {
        return uid(path, nowMs, 1);
    }

    /**
     * Counts a request of {@code orders} orders (a batch: Bybit counts batch endpoints per order). What fits in the
     * window is granted and counted; the rest of the batch is refused, and a request none of which fits is refused.
     */
    public Verdict uid(String path, long nowMs, int orders) {
        return uid(path, () -> nowMs, orders);
    }

    /**
     * As {@link #uid(String, long, int)}, reading the clock once the request's turn has come: a handler thread that
     * read it on arrival and counted after others (a busy simulator) would compare its request with ones that came
     * after it, and refuse what Bybit, counting each request as it takes it, would not.
     */
    public synchronized Verdict uid(String path, java.util.function.LongSupplier clock, int orders) {
        long nowMs = clock.getAsLong();
        int limit = limitOf(path);
        if (limit == 0) {
            return new Verdict(Math.max(orders, 1), 0, 0, nowMs);
        }
        PriorityQueue<Long> w = window(uidWindows, path, nowMs, 1000);
        long[] c = counts.computeIfAbsent(path, k -> new long[3]);
        int granted = Math.min(Math.max(orders, 1), limit - w.size());
        if (granted <= 0) {
            c[1] += Math.max(orders, 1);
            return new Verdict(0, limit, 0, w.peek() + 1000);
        }
        for (int i = 0; i < granted; i++) {
            w.add(nowMs);
        }
        c[0] += granted;
        c[1] += Math.max(orders, 1) - granted;
        // the window now holds exactly the requests of the second ending now; its peak is the peak of any second
        c[2] = Math.max(c[2], w.size());
        return new Verdict(granted, limit, limit - w.size(), granted < orders ? w.peek() + 1000 : nowMs);
    }

    /** Per-UID endpoints that saw a request, by path. */
    public synchronized Map<String, EndpointRecord> record() {
        Map<String, EndpointRecord> out = new java.util.TreeMap<>();
        counts.forEach((path, c) -> out.put(path, new EndpointRecord(limitOf(path), c[0], c[1], (int) c[2])));
        return out;
    }

    /** Counts any request against the client's IP; false = over the limit (HTTP 403). */
    public synchronized boolean ip(String ip, long nowMs) {
        PriorityQueue<Long> w = window(ipWindows, ip, nowMs, 5000);
        if (w.size() >= ipLimitPer5s) {
            return false;
        }
        w.add(nowMs);
        return true;
    }

    /**
     * The requests of the window ending at {@code nowMs}, oldest first out. A heap, not a queue: handler threads read
     * the clock on arrival and count later, so counts come in out of time order, and a late one with an earlier time
     * must still leave the window on time (behind a younger head it lingered and drew a spurious 10006).
     */
    private static PriorityQueue<Long> window(Map<String, PriorityQueue<Long>> m, String key, long nowMs, long spanMs) {
        PriorityQueue<Long> w = m.computeIfAbsent(key, k -> new PriorityQueue<>());
        while (!w.isEmpty() && w.peek() <= nowMs - spanMs) {
            w.poll();
        }
        return w;
    }
}
