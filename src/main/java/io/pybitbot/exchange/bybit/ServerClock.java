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

    public ServerClock(LongSupplier wallMs) {
        this.wallMs = wallMs;
    }

    /**
     * One reading: the server said {@code serverMs} to a request sent at wall time {@code sentWallMs} and answered at
     * {@code receivedWallMs}; the server's clock is taken to have read it half way.
     */
    public synchronized void reading(long sentWallMs, long receivedWallMs, long serverMs) {
        long wall = (sentWallMs + receivedWallMs) / 2;
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
