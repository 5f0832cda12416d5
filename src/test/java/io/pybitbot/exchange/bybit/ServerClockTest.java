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
        clock.reading(1_000, 1_010, 5_000_000); // the server said 5,000,000 at some point before the answer at 1010
        wall.set(1_505);
        assertEquals(5_000_495, clock.millis(), "one reading: the wall clock's rate from the answer");
        clock.reading(1_500, 1_510, 5_030_000); // 500 ms of wall, 30 s of replay
        assertEquals(60.0, clock.rate(), 1e-9);
        wall.set(2_510);
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
    void aReadingThatQueuedOnABusyNodeNeverPutsTheClockAhead() {
        AtomicLong wall = new AtomicLong(0);
        ServerClock clock = new ServerClock(wall::get);
        // a replay at 150x that read 5,000,000 at wall 0: its true time at wall w is 5,000,000 + 150 w
        clock.reading(-5, 5, 5_000_000);
        clock.reading(995, 1_005, 5_150_000);
        assertEquals(150.0, clock.rate(), 1e-9);
        // a whole warm-up of readings that queued behind other requests: sent, read by the server near the end of
        // their trip, answered a second later. Taken half way each would put the replay's clock 74 s further on
        // than it is, and half a minute of them once did: the node asked for candles not closed yet.
        for (long sent = 2_000; sent < 40_000; sent += 1_000) {
            long read = sent + 990;
            clock.reading(sent, sent + 1_000, 5_000_000 + 150 * read);
            wall.set(sent + 1_000);
            long truth = 5_000_000 + 150 * wall.get();
            assertTrue(clock.millis() <= truth, "ahead at wall " + wall.get() + ": " + clock.millis() + " > " + truth);
            assertTrue(clock.millis() >= truth - 150 * 10, "more than a quick round trip behind at " + wall.get());
        }
    }

    @Test
    void aSlowReadingThatProvesTheClockBehindMovesItOn() {
        AtomicLong wall = new AtomicLong(0);
        ServerClock clock = new ServerClock(wall::get);
        clock.reading(0, 10, 0);
        clock.reading(1_000, 1_010, 60_000);
        // the replay was sped up: a slow reading says more than the clock would at its answer
        clock.reading(2_000, 2_500, 300_000);
        wall.set(2_500);
        assertEquals(300_000, clock.millis(), "at least what the server said by its answer");
    }

    @Test
    void aSlowReadingThatProvesTheClockAheadHoldsIt() {
        AtomicLong wall = new AtomicLong(0);
        ServerClock clock = new ServerClock(wall::get);
        clock.reading(0, 10, 0);
        clock.reading(1_000, 1_010, 60_000);
        wall.set(2_000);
        long before = clock.millis();
        // the replay paused: even read at the very start of its trip the server's clock cannot be where ours is
        clock.reading(2_000, 2_500, 70_000);
        wall.set(2_600);
        assertEquals(before, clock.millis(), "held, not run on from the old anchor");
        wall.set(4_000);
        assertEquals(70_000 + Math.round(1_500 * clock.rate()), clock.millis(), "runs on from the slow reading");
    }
}
