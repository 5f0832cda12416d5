package io.pybitbot.sim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void theRecordCountsWhatWentThroughWhatWasRefusedAndThePeakSecond() {
        RateLimits limits = new RateLimits(600);
        for (int i = 0; i < 12; i++) {
            RateLimits.Verdict v = limits.uid("/v5/order/create", 1_000 + i);
            assertEquals(i < 10, v.allowed(), "request " + i);
        }
        // a second later the window has rolled: 3 more go through, the peak stays 10
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.uid("/v5/order/create", 2_500 + i).allowed());
        }
        assertTrue(limits.uid("/v5/position/list", 2_600).allowed());
        assertFalse(limits.record().containsKey("/v5/market/kline"), "public paths have no per-UID record");
        limits.uid("/v5/market/kline", 2_700);
        RateLimits.EndpointRecord create = limits.record().get("/v5/order/create");
        assertEquals(new RateLimits.EndpointRecord(10, 13, 2, 10), create);
        assertEquals(new RateLimits.EndpointRecord(50, 1, 0, 1), limits.record().get("/v5/position/list"));
    }

    @Test
    void aRequestCountedLateWithAnEarlierArrivalLeavesTheWindowOnTime() {
        // handler threads read the clock on arrival and count later: the counts come in out of time order
        RateLimits limits = new RateLimits(600);
        assertTrue(limits.uid("/v5/position/set-leverage", 1_005).allowed());
        assertTrue(limits.uid("/v5/position/set-leverage", 1_000).allowed());
        for (int i = 0; i < 8; i++) {
            assertTrue(limits.uid("/v5/position/set-leverage", 1_100 + i).allowed());
        }
        assertFalse(limits.uid("/v5/position/set-leverage", 1_200).allowed(), "ten in the second");
        // at 2,003 the request of 1,000 is more than a second old, the one of 1,005 is not: one goes through
        assertTrue(limits.uid("/v5/position/set-leverage", 2_003).allowed(), "the one of 1,000 has left the window");
        RateLimits.Verdict full = limits.uid("/v5/position/set-leverage", 2_003);
        assertFalse(full.allowed());
        assertEquals(1_005 + 1_000, full.resetMs(), "the oldest left is the one of 1,005");
    }

    @Test
    void webSocketConnectsPerIpAreCappedOverFiveRollingMinutes() {
        RateLimits limits = new RateLimits(600, 3);
        assertTrue(limits.wsConnect("10.0.0.1", 0));
        assertTrue(limits.wsConnect("10.0.0.1", 60_000));
        assertTrue(limits.wsConnect("10.0.0.1", 120_000));
        assertFalse(limits.wsConnect("10.0.0.1", 299_999), "a fourth within five minutes of the first");
        assertTrue(limits.wsConnect("10.0.0.2", 299_999), "another IP has its own budget");
        assertTrue(limits.wsConnect("10.0.0.1", 300_000), "the first has left the window");
        assertFalse(limits.wsConnect("10.0.0.1", 300_001));
        assertEquals(2, limits.wsConnectsRefused());
    }
}
