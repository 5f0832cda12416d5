package io.pybitbot.sim;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A wall clock the test moves by hand. */
final class MutableClock implements InstantSource {

    private final AtomicLong ms;

    MutableClock(long startMs) {
        this.ms = new AtomicLong(startMs);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(ms.get());
    }

    @Override
    public long millis() {
        return ms.get();
    }

    void advance(long deltaMs) {
        ms.addAndGet(deltaMs);
    }
}
