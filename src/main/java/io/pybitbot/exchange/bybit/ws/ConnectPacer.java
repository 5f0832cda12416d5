package io.pybitbot.exchange.bybit.ws;

import java.util.ArrayDeque;

/**
 * Paces WebSocket connects under Bybit's per-IP rule (500 connections per 5 minutes): a sliding window of the
 * connect times granted. A connect asked for when the window is full is granted at the moment the oldest one
 * leaves it, so a reconnect wave of many streams spreads out instead of getting the IP refused. One per process
 * (every stream of the node shares the IP); thread-safe; time comes in with each call.
 */
public final class ConnectPacer {

    /** Bybit's rule: 500 connects per 5 minutes per IP. */
    public static final int BYBIT_CONNECTS = 500;
    public static final long BYBIT_WINDOW_MS = 5 * 60_000L;

    /** A pacer for Bybit's rule; one per node. */
    public static ConnectPacer bybit() {
        return new ConnectPacer(BYBIT_CONNECTS, BYBIT_WINDOW_MS);
    }

    private final int maxPerWindow;
    private final long windowMs;
    private final ArrayDeque<Long> granted = new ArrayDeque<>();

    public ConnectPacer(int maxPerWindow, long windowMs) {
        if (maxPerWindow < 1 || windowMs < 1) {
            throw new IllegalArgumentException("a connect pacer needs maxPerWindow >= 1 and windowMs >= 1, got "
                    + maxPerWindow + " and " + windowMs);
        }
        this.maxPerWindow = maxPerWindow;
        this.windowMs = windowMs;
    }

    /**
     * Reserves the next connect: returns when it may go (at or after {@code nowMs}); that moment is counted in the
     * window from then on.
     */
    public synchronized long reserve(long nowMs) {
        while (!granted.isEmpty() && granted.peekFirst() <= nowMs - windowMs) {
            granted.pollFirst();
        }
        long at = nowMs;
        if (granted.size() >= maxPerWindow) {
            // the connect that leaves the window first makes room: the one maxPerWindow places back
            Long[] times = granted.toArray(new Long[0]);
            at = Math.max(nowMs, times[times.length - maxPerWindow] + windowMs);
        }
        granted.addLast(at);
        return at;
    }

    public long windowMs() {
        return windowMs;
    }

    /** Connects granted within the window ending at {@code nowMs} (those scheduled later included). */
    public synchronized int inWindow(long nowMs) {
        return (int) granted.stream().filter(t -> t > nowMs - windowMs).count();
    }
}
