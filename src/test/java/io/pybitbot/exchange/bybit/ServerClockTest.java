package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServerClockTest {

    @Test
    void followsAReplayRunningSixtyTimesFasterThanTheWallClock() {
        AtomicLong wall = new AtomicLong(1_000);
        ServerClock clock = new ServerClock(wall::get);
        assertEquals(1_000, clock.millis(), "the wall clock until the first reading");
        clock.reading(1_000, 1_010, 5_000_000); // read half way: at wall 1005
        wall.set(1_505);
        assertEquals(5_000_500, clock.millis(), "one reading: the wall clock's rate from it");
        clock.reading(1_500, 1_510, 5_030_000); // 500 ms of wall, 30 s of replay
        assertEquals(60.0, clock.rate(), 1e-9);
        wall.set(2_505);
        assertEquals(5_090_000, clock.millis());
    }

    @Test
    void neverGoesBackWhenAReadingSaysItRanAhead() {
        AtomicLong wall = new AtomicLong(0);
        ServerClock clock = new ServerClock(wall::get);
        clock.reading(0, 0, 0);
        clock.reading(1_000, 1_000, 60_000);
        wall.set(2_000);
        long before = clock.millis();
        assertEquals(120_000, before);
        clock.reading(2_000, 2_000, 110_000); // the replay slowed down: a lower reading than extrapolated
        assertEquals(before, clock.millis(), "holds rather than going back");
        wall.set(3_000);
        assertTrue(clock.millis() > before);
    }

    @Test
    void aReadingThatQueuedOnABusyNodeIsSkippedUntilNoOtherCameForHalfAMinute() {
        AtomicLong wall = new AtomicLong(0);
        ServerClock clock = new ServerClock(wall::get);
        clock.reading(0, 10, 5_000_000);        // 10 ms round trips at 150x
        clock.reading(1_000, 1_010, 5_150_000);
        assertEquals(150.0, clock.rate(), 1e-9);
        // sent at 2000, queued behind other requests, read by the server at 2990, answered at 3000: taken half way
        // it would put the replay's clock 74 s further on than it is
        clock.reading(2_000, 3_000, 5_150_000 + (2_990 - 1_005) * 150);
        wall.set(3_005);
        assertEquals(5_150_000 + 2_000 * 150, clock.millis(), "the slow reading is skipped");
        clock.reading(3_005, 3_015, 5_150_000 + 2_005 * 150); // a quick one again is taken
        assertEquals(150.0, clock.rate(), 1e-3);
        // only slow ones for half a minute: the clock takes one rather than follow nothing
        long late = 5_150_000 + (34_090 - 1_005) * 150L;
        clock.reading(33_100, 34_100, late);
        wall.set(33_600);
        assertEquals(late, clock.millis(), "taken: the last good reading is more than 30 s old");
    }
}
