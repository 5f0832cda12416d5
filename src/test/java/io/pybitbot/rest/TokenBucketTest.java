package io.pybitbot.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long MS = 1_000_000L;

    @Test
    void grantsUpToCapacityThenWaitsForOldestToken() {
        TokenBucket b = new TokenBucket("t", 3, Duration.ofSeconds(1));
        assertTrue(b.tryAcquire(0, 1));
        assertTrue(b.tryAcquire(100 * MS, 1));
        assertTrue(b.tryAcquire(200 * MS, 1));
        assertFalse(b.tryAcquire(300 * MS, 1));
        assertEquals(700 * MS, b.nanosUntilAvailable(300 * MS, 1));
        assertEquals(900 * MS, b.nanosUntilAvailable(300 * MS, 3));
        assertFalse(b.tryAcquire(1000 * MS - 1, 1));
        assertTrue(b.tryAcquire(1000 * MS, 1), "the first token returns exactly one window later");
        assertEquals(0, b.available(1000 * MS));
    }

    @Test
    void multiPermitRequestsAreAllOrNothing() {
        TokenBucket b = new TokenBucket("t", 5, Duration.ofSeconds(1));
        assertTrue(b.tryAcquire(0, 3));
        assertFalse(b.tryAcquire(0, 3));
        assertEquals(2, b.available(0));
        assertThrows(IllegalArgumentException.class, () -> b.tryAcquire(0, 6));
        assertThrows(IllegalArgumentException.class, () -> b.tryAcquire(0, 0));
    }

    @Test
    void blockUntilHoldsEverythingBack() {
        TokenBucket b = new TokenBucket("t", 10, Duration.ofSeconds(1));
        b.blockUntil(5_000 * MS);
        assertEquals(0, b.available(4_999 * MS));
        assertEquals(1 * MS, b.nanosUntilAvailable(4_999 * MS, 1));
        assertTrue(b.tryAcquire(5_000 * MS, 1));
        b.blockUntil(1 * MS); // an earlier block never shortens a later one
        assertEquals(5_000 * MS, b.blockedUntilNanos());
    }

    @Test
    void serverRemainingOnlyMakesUsMoreCautious() {
        TokenBucket b = new TokenBucket("t", 10, Duration.ofSeconds(1));
        b.tryAcquire(0, 2);
        b.observeRemaining(10 * MS, 3);
        assertEquals(3, b.available(10 * MS));
        b.observeRemaining(10 * MS, 9);
        assertEquals(3, b.available(10 * MS), "a more generous server view is ignored");
        assertEquals(10, b.available(1010 * MS), "phantom tokens return after one window");
    }

    @Test
    void capacityFollowsServerLimitHeader() {
        TokenBucket b = new TokenBucket("t", 10, Duration.ofSeconds(1));
        b.updateCapacity(20);
        assertEquals(20, b.available(0));
        b.updateCapacity(0);
        assertEquals(20, b.capacity());
    }

    @Test
    void rejectsBadConfiguration() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TokenBucket("orders", 0, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("orders"));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket("x", 1, Duration.ZERO));
    }

    @Test
    void aTokenReturnsOneWindowAfterTheAnswerNotAfterTheCharge() {
        TokenBucket b = new TokenBucket("create", 1, Duration.ofSeconds(1));
        assertTrue(b.tryAcquire(0, 1));
        b.answered(0, 300_000_000L); // the request waited 300 ms for a connection before it went
        assertEquals(0, b.available(1_000_000_000L), "the exchange may have counted it as late as 300 ms");
        assertEquals(300_000_000L, b.nanosUntilAvailable(1_000_000_000L, 1));
        assertEquals(1, b.available(1_300_000_000L));
    }

    @Test
    void anAnswerSlowerThanTheWindowCountsTheTokenAgainFromTheAnswer() {
        TokenBucket b = new TokenBucket("create", 1, Duration.ofSeconds(1));
        assertTrue(b.tryAcquire(0, 1));
        assertEquals(1, b.available(1_500_000_000L), "expired by the charge time");
        b.answered(0, 1_500_000_000L);
        assertEquals(0, b.available(2_000_000_000L));
        assertEquals(1, b.available(2_500_000_000L));
    }
}
