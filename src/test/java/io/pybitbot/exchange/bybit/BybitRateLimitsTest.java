package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint;
import io.pybitbot.rest.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BybitRateLimitsTest {

    private static final long MS = 1_000_000L;

    @Test
    void endpointsByPath() {
        assertEquals(Endpoint.ORDER_CREATE, Endpoint.forPath("/v5/order/create"));
        assertEquals(Endpoint.TRADING_STOP, Endpoint.forPath("/v5/position/trading-stop"));
        assertEquals(Endpoint.PUBLIC, Endpoint.forPath("/v5/market/kline"));
        assertEquals(10, Endpoint.ORDER_CREATE.perSecond());
        assertEquals(50, Endpoint.POSITION_LIST.perSecond());
        assertTrue(Endpoint.ORDER_CANCEL.isWrite());
    }

    /**
     * Random request mixes on a manual clock, with random server header corrections and 10006 blocks:
     * no rolling window (Bybit's: 1 s per endpoint, 5 s per IP) ever holds more grants than the limit.
     */
    @Test
    void randomMixesNeverExceedAnyWindow() {
        for (long seed = 1; seed <= 12; seed++) {
            runMix(new Random(seed));
        }
    }

    /** A request as the exchange counts it: one per order on its endpoint, one on the IP. */
    private static void count(Map<Endpoint, List<Long>> grants, List<Long> all, Endpoint e, int permits, long at) {
        for (int i = 0; i < permits; i++) {
            grants.computeIfAbsent(e, k -> new ArrayList<>()).add(at);
        }
        all.add(at);
    }

    private void runMix(Random rnd) {
        RateLimiter<Endpoint> limiter = BybitRateLimits.newLimiter();
        Endpoint[] endpoints = Endpoint.values();
        Map<Endpoint, List<Long>> grants = new EnumMap<>(Endpoint.class);
        List<Long> all = new ArrayList<>();
        long now = 1_700_000_000_000L * MS;
        int denied = 0;
        List<long[]> inFlight = new ArrayList<>();
        // Bursty traffic: sometimes many requests at the same instant, sometimes gaps.
        for (int step = 0; step < 40_000; step++) {
            now += rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(40) * MS + rnd.nextInt(1000);
            Endpoint e = rnd.nextInt(3) == 0 ? Endpoint.PUBLIC : endpoints[rnd.nextInt(endpoints.length)];
            int permits = e == Endpoint.ORDER_CREATE_BATCH ? 1 + rnd.nextInt(10) : 1;
            long wait = limiter.nanosUntilPermitted(e, permits, now);
            boolean granted = limiter.tryAcquire(e, permits, now);
            assertEquals(wait == 0, granted, "nanosUntilPermitted agrees with tryAcquire");
            if (granted) {
                inFlight.add(new long[] {e.ordinal(), permits, now});
            }
            // answers come back in any order (many connections); the exchange counted each request somewhere
            // between its send and its answer: here at its answer, the latest it can be
            while (!inFlight.isEmpty() && rnd.nextInt(3) == 0) {
                long[] call = inFlight.remove(rnd.nextInt(inFlight.size()));
                limiter.answered(endpoints[(int) call[0]], (int) call[1], call[2], now);
                count(grants, all, endpoints[(int) call[0]], (int) call[1], now);
            }
            if (granted) {
                int r = rnd.nextInt(20);
                if (r == 0) {
                    limiter.onLimitHeaders(e, OptionalInt.of(e.perSecond()), OptionalInt.of(rnd.nextInt(3)), now);
                } else if (r == 1) {
                    limiter.onRateLimited(e, OptionalLong.of(now + rnd.nextInt(800) * MS), now);
                }
            } else {
                denied++;
            }
        }
        for (long[] call : inFlight) {
            count(grants, all, endpoints[(int) call[0]], (int) call[1], call[2]); // never answered: counted at once
        }
        grants.values().forEach(java.util.Collections::sort);
        java.util.Collections.sort(all);
        assertTrue(denied > 1000, "the mix must actually hit the limits, denied=" + denied);
        for (Endpoint e : endpoints) {
            if (e.perSecond() > 0) {
                List<Long> g = grants.getOrDefault(e, List.of());
                assertTrue(g.size() > e.perSecond(), e + " got too few grants to prove anything: " + g.size());
                assertMaxInWindow(g, e.perSecond(), BybitRateLimits.UID_WINDOW, e.name());
            }
        }
        assertMaxInWindow(all, BybitRateLimits.IP_LIMIT, BybitRateLimits.IP_WINDOW, "IP");
    }

    /** Sorted grant times: every half-open window (t - window, t] holds at most {@code limit}. */
    private static void assertMaxInWindow(List<Long> times, int limit, Duration window, String name) {
        long w = window.toNanos();
        int lo = 0;
        for (int hi = 0; hi < times.size(); hi++) {
            while (times.get(lo) <= times.get(hi) - w) {
                lo++;
            }
            int inWindow = hi - lo + 1;
            if (inWindow > limit) {
                throw new AssertionError(name + ": " + inWindow + " grants within " + window + " ending at "
                        + times.get(hi) + ", limit " + limit);
            }
        }
    }

    @Test
    void rateLimitedEndpointDoesNotBlockOthers() {
        RateLimiter<Endpoint> limiter = BybitRateLimits.newLimiter();
        long now = 0;
        limiter.onRateLimited(Endpoint.ORDER_CREATE, OptionalLong.of(500 * MS), now);
        assertEquals(500 * MS, limiter.nanosUntilPermitted(Endpoint.ORDER_CREATE, 1, now));
        assertEquals(0, limiter.nanosUntilPermitted(Endpoint.ORDER_CANCEL, 1, now));
        limiter.blockAll(600_000 * MS);
        assertEquals(600_000 * MS, limiter.nanosUntilPermitted(Endpoint.ORDER_CANCEL, 1, now));
        assertEquals(600_000 * MS, limiter.nanosUntilPermitted(Endpoint.PUBLIC, 1, now));
    }
}
