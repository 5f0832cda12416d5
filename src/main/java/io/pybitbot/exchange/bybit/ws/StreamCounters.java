package io.pybitbot.exchange.bybit.ws;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counts for one stream, readable from a status endpoint while the stream runs. */
public final class StreamCounters {

    /** A consistent-enough copy for reporting. */
    public record Snapshot(long connections, long frames, long malformed, long unhandled, long refused, long stalls) {}

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong unhandled = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong stalls = new AtomicLong();

    void stalled() {
        stalls.incrementAndGet();
    }

    void connected() {
        connections.incrementAndGet();
    }

    void frame(BybitWsFrame f) {
        frames.incrementAndGet();
        if (f instanceof BybitWsFrame.Malformed) {
            malformed.incrementAndGet();
        } else if (f instanceof BybitWsFrame.Unhandled) {
            unhandled.incrementAndGet();
        } else if (f instanceof BybitWsFrame.OpResult r && !r.success()) {
            refused.incrementAndGet();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(connections.get(), frames.get(), malformed.get(), unhandled.get(), refused.get(),
                stalls.get());
    }
}
