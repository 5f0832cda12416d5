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
}
