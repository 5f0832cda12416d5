package io.pybitbot.exchange.bybit;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * The exchange's clock followed from {@code /v5/market/time} readings, for an exchange whose time does not run at the
 * wall clock's rate: a standalone simulator replaying at 60x. Between readings it runs at the rate measured between
 * the first reading and the latest (a long baseline, so round-trip noise hardly matters), from the latest one; it
 * never goes back. A node that read candle times off the wall clock there would see every pushed candle hours "in the
 * future", fill no gap and cut every history short.
 *
 * <p>Pure: the caller takes the readings (and how often); {@link #reading} is thread-safe.
 */
public final class ServerClock implements InstantSource {

    private final LongSupplier wallMs;
    private long firstWall;
    private long firstServer;
    private long lastWall;
    private long lastServer;
    private double rate = 1;
    private long readings;
    private long lastAnswered = Long.MIN_VALUE;
    private long bestRoundTrip = Long.MAX_VALUE;

    /** Round trip beyond twice the best that still counts as a good reading. */
    static final long SLACK_MS = 20;
    /** A reading is taken whatever its round trip when the last one taken is this old. */
    static final long STALE_MS = 30_000;

    public ServerClock(LongSupplier wallMs) {
        this.wallMs = wallMs;
    }

    /**
     * One reading: the server said {@code serverMs} to a request sent at wall time {@code sentWallMs} and answered at
     * {@code receivedWallMs}; the server's clock is taken to have read it half way. A reading whose round trip is far
     * longer than the best one so far is skipped (unless none was taken for {@link #STALE_MS}): a request that queued
     * on a busy node was read late in its trip, and at 150x a second of that error put the clock 2.5 minutes ahead,
     * so the node asked for candles not closed yet.
     */
    public synchronized void reading(long sentWallMs, long receivedWallMs, long serverMs) {
        long wall = (sentWallMs + receivedWallMs) / 2;
        long roundTrip = Math.max(0, receivedWallMs - sentWallMs);
        if (readings > 0 && roundTrip > 2 * bestRoundTrip + SLACK_MS && wall - lastWall < STALE_MS) {
            return;
        }
        bestRoundTrip = Math.min(bestRoundTrip, roundTrip);
        if (readings == 0) {
            firstWall = wall;
            firstServer = serverMs;
        } else if (wall > firstWall) {
            rate = Math.max(0, (double) (serverMs - firstServer) / (wall - firstWall));
        }
        lastWall = wall;
        lastServer = serverMs;
        readings++;
    }

    /** How many server clock milliseconds pass per wall millisecond, as measured (1 before a second reading). */
    public synchronized double rate() {
        return rate;
    }

    public synchronized boolean known() {
        return readings > 0;
    }

    @Override
    public synchronized long millis() {
        long now = readings == 0 ? wallMs.getAsLong()
                : lastServer + Math.round((wallMs.getAsLong() - lastWall) * rate);
        lastAnswered = Math.max(lastAnswered, now);
        return lastAnswered;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
