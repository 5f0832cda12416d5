package io.pybitbot.exchange.bybit;

import io.pybitbot.rest.RateLimiter;
import io.pybitbot.rest.TokenBucket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bybit V5 default limits (UTA, non-VIP) for the endpoints this bot uses. Per-UID limits are per
 * endpoint per rolling second; the IP limit is 600 requests per 5 s across all REST hosts. Each window
 * is padded by {@link #SAFETY_PAD} because our send time and Bybit's receive time differ by the network
 * jitter; the limiter later follows {@code X-Bapi-Limit} if Bybit reports a different (VIP) limit.
 */
public final class BybitRateLimits {

    public static final int IP_LIMIT = 600;
    public static final Duration IP_WINDOW = Duration.ofSeconds(5);
    public static final Duration UID_WINDOW = Duration.ofSeconds(1);
    public static final Duration SAFETY_PAD = Duration.ofMillis(100);
    /**
     * Orders per batch request. Bybit's batch page allows 20 linear orders, its rate-limit page 1-10 per batch
     * request; the smaller figure holds under both readings.
     */
    public static final int MAX_BATCH = 10;

    /** An endpoint with its own per-UID budget; {@link #PUBLIC} has only the IP limit. */
    public enum Endpoint {
        ORDER_CREATE("/v5/order/create", 10, true),
        /** Its own budget beside {@link #ORDER_CREATE}'s, counted per order in the batch. */
        ORDER_CREATE_BATCH("/v5/order/create-batch", 10, true),
        ORDER_AMEND("/v5/order/amend", 10, true),
        ORDER_CANCEL("/v5/order/cancel", 10, true),
        ORDER_CANCEL_ALL("/v5/order/cancel-all", 10, true),
        ORDER_REALTIME("/v5/order/realtime", 50, false),
        ORDER_HISTORY("/v5/order/history", 50, false),
        EXECUTION_LIST("/v5/execution/list", 50, false),
        POSITION_LIST("/v5/position/list", 50, false),
        POSITION_CLOSED_PNL("/v5/position/closed-pnl", 50, false),
        SET_LEVERAGE("/v5/position/set-leverage", 10, true),
        TRADING_STOP("/v5/position/trading-stop", 10, true),
        SWITCH_MODE("/v5/position/switch-mode", 10, true),
        WALLET_BALANCE("/v5/account/wallet-balance", 50, false),
        ACCOUNT_INFO("/v5/account/info", 50, false),
        FEE_RATE("/v5/account/fee-rate", 5, false),
        PUBLIC("/v5/market/*", 0, false);

        private final String path;
        private final int perSecond;
        private final boolean write;

        Endpoint(String path, int perSecond, boolean write) {
            this.path = path;
            this.perSecond = perSecond;
            this.write = write;
        }

        public String path() {
            return path;
        }

        /** Default per-UID requests per rolling second; 0 = no per-UID limit (public). */
        public int perSecond() {
            return perSecond;
        }

        /** Writes change exchange state; a lost reply to one is ambiguous. */
        public boolean isWrite() {
            return write;
        }

        /** The endpoint for a path; market data and unknown paths count against the IP limit only. */
        public static Endpoint forPath(String path) {
            for (Endpoint e : values()) {
                if (e.path.equals(path)) {
                    return e;
                }
            }
            return PUBLIC;
        }
    }

    private BybitRateLimits() {}

    /** A limiter with Bybit's default numbers and the safety pad. */
    public static RateLimiter<Endpoint> newLimiter() {
        return newLimiter(SAFETY_PAD);
    }

    public static RateLimiter<Endpoint> newLimiter(Duration pad) {
        Map<Endpoint, TokenBucket> buckets = new EnumMap<>(Endpoint.class);
        for (Endpoint e : Endpoint.values()) {
            if (e.perSecond > 0) {
                buckets.put(e, new TokenBucket(e.name(), e.perSecond, UID_WINDOW.plus(pad)));
            }
        }
        return new RateLimiter<>(new TokenBucket("IP", IP_LIMIT, IP_WINDOW.plus(pad)), buckets);
    }

    /** Parses an integer header value; absent or garbage gives empty (headers are advisory). */
    public static Optional<Integer> parseIntHeader(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
