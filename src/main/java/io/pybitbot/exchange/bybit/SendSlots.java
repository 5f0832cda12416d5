package io.pybitbot.exchange.bybit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An asynchronous semaphore with as many permits as the HTTP pool has connections to a host. A request
 * takes a permit before it is signed, so it is signed only once a connection is free for it: a request
 * that waits, waits unsigned, and its timestamp is never older than its own round trip.
 */
final class SendSlots {

    private final int permits;
    private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
    private int used;

    SendSlots(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be >= 1, got " + permits);
        }
        this.permits = permits;
    }

    /** Completes when a permit is held; call {@link #release()} exactly once afterwards. */
    CompletionStage<Void> acquire() {
        synchronized (this) {
            if (used < permits) {
                used++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiting.add(f);
            return f;
        }
    }

    void release() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
                return;
            }
        }
        next.complete(null); // the permit passes straight to the next waiter, outside the lock
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
