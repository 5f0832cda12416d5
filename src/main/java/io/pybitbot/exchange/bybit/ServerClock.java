package io.pybitbot.exchange.bybit;

import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * The exchange's clock followed from {@code /v5/market/time} readings, for an exchange whose time does not run at the
 * wall clock's rate: a standalone simulator replaying at 60x. A node that read candle times off the wall clock there
 * would see every pushed candle hours "in the future", fill no gap and cut every history short.
 *
 * <p>It errs late, never early: the server read its clock somewhere between sending the request and the answer
 * arriving, so at the answer its clock read at least what it said. The followed clock is that lower bound, run on at
 * the rate measured between the first quick reading and the latest (a long baseline, so round-trip noise hardly
 * matters). Running early is what hurts: the node would ask for candles not closed yet and take the forming one for
 * closed; running late by a round trip only delays a back-fill. It never goes back.
 *
 * <p>Pure: the caller takes the readings (and how often); {@link #reading} is thread-safe.
 */
public final class ServerClock implements InstantSource {

    private final LongSupplier wallMs;
    private long firstWall;
    private long firstServer;
    private long quickReadings;
    private long anchorWall;
    private long anchorServer;
    private double rate = 1;
    private long readings;
    private long lastAnswered = Long.MIN_VALUE;
    private long bestRoundTrip = Long.MAX_VALUE;

    /** Round trip beyond twice the best that still counts as a quick reading. */
    static final long SLACK_MS = 20;

    public ServerClock(LongSupplier wallMs) {
        this.wallMs = wallMs;
    }

    /**
     * One reading: the server said {@code serverMs} to a request sent at wall time {@code sentWallMs} and answered at
     * {@code receivedWallMs}. A quick one (round trip near the best so far) measures the rate and becomes the
     * anchor. A slow one (it queued on a busy node: at 150x a second of queueing is 2.5 minutes of replay) moves the
     * clock only when it proves it wrong: behind what the server said, or ahead of what it could have said by the
     * answer.
     */
    public synchronized void reading(long sentWallMs, long receivedWallMs, long serverMs) {
        long roundTrip = Math.max(0, receivedWallMs - sentWallMs);
        boolean quick = readings == 0 || roundTrip <= 2 * bestRoundTrip + SLACK_MS;
        bestRoundTrip = Math.min(bestRoundTrip, roundTrip);
        if (quick) {
            long mid = (sentWallMs + receivedWallMs) / 2;
            if (quickReadings == 0) {
                firstWall = mid;
                firstServer = serverMs;
            } else if (mid > firstWall) {
                rate = Math.max(0, (double) (serverMs - firstServer) / (mid - firstWall));
            }
            quickReadings++;
        }
        long estimate = readings == 0 ? 0 : projected(receivedWallMs);
        long latest = serverMs + Math.round(roundTrip * rate);
        if (readings == 0 || quick || estimate < serverMs || estimate > latest) {
            anchorWall = receivedWallMs;
            anchorServer = serverMs;
        }
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
        long now = readings == 0 ? wallMs.getAsLong() : projected(wallMs.getAsLong());
        lastAnswered = Math.max(lastAnswered, now);
        return lastAnswered;
    }

    private long projected(long wall) {
        return anchorServer + Math.round((wall - anchorWall) * rate);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
