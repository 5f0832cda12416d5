package io.pybitbot.rest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * A rate-limit bucket whose tokens return exactly one window after they were spent, so that no
 * rolling window of length {@code window} ever contains more than {@code capacity} grants. (A classic
 * refill-at-rate bucket lets up to twice the capacity through one rolling window; Bybit counts rolling
 * windows.)
 *
 * <p>Pure and single-threaded: the owner (one actor) passes the current time in nanoseconds on every
 * call, so tests drive it with a manual clock and nothing ever sleeps.
 */
public final class TokenBucket {

    private final String name;
    private final long windowNanos;
    private int capacity;
    /** Times at which tokens were spent (one entry per token), oldest first. */
    private final ArrayDeque<Long> spent = new ArrayDeque<>();
    private long blockedUntilNanos = Long.MIN_VALUE;

    public TokenBucket(String name, int capacity, Duration window) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity of bucket " + name + " must be > 0, got " + capacity);
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("window of bucket " + name + " must be > 0, got " + window);
        }
        this.capacity = capacity;
        this.windowNanos = window.toNanos();
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /** Tokens that could be spent right now. */
    public int available(long nowNanos) {
        if (nowNanos < blockedUntilNanos) {
            return 0;
        }
        expire(nowNanos);
        return Math.max(0, capacity - spent.size());
    }

    /** Spends {@code permits} tokens if all are available now; otherwise changes nothing. */
    public boolean tryAcquire(long nowNanos, int permits) {
        checkPermits(permits);
        if (available(nowNanos) < permits) {
            return false;
        }
        for (int i = 0; i < permits; i++) {
            spent.addLast(nowNanos);
        }
        return true;
    }

    /**
     * As {@link #tryAcquire}, for a call that will be {@link #answered}: its tokens do not come back before its answer
     * has (a call slower than the window may still be counted by the exchange after the window has passed).
     */
    public boolean tryAcquireUntilAnswered(long nowNanos, int permits) {
        if (!tryAcquire(nowNanos, permits)) {
            return false;
        }
        held.merge(nowNanos, permits, Integer::sum);
        return true;
    }

    private static final long HELD_RETRY_NANOS = 1_000_000L;

    /** Spend times of calls not answered yet, with how many tokens each holds. */
    private final java.util.Map<Long, Integer> held = new java.util.HashMap<>();

    /** Nanoseconds until {@code permits} tokens are available (0 if they are now). */
    public long nanosUntilAvailable(long nowNanos, int permits) {
        checkPermits(permits);
        long wait = blockedUntilNanos > nowNanos ? blockedUntilNanos - nowNanos : 0L;
        expire(nowNanos);
        int excess = spent.size() + permits - capacity;
        if (excess > 0) {
            // the excess-th oldest token must come back first
            Iterator<Long> it = spent.iterator();
            long t = 0;
            for (int i = 0; i < excess; i++) {
                t = it.next();
            }
            wait = Math.max(wait, t + windowNanos - nowNanos);
            if (wait == 0) {
                // the token due back is held by a call not answered yet: look again shortly (its answer comes first)
                wait = HELD_RETRY_NANOS;
            }
        }
        return wait;
    }

    /**
     * The answer to a request charged at {@code spentNanos} came back at {@code answeredNanos}: the token now
     * returns one window after the answer. The exchange counts the request when it arrives, which may be well
     * after we charged it (it may wait for a pooled connection); only the answer bounds the arrival.
     */
    public void answered(long spentNanos, long answeredNanos) {
        held.computeIfPresent(spentNanos, (k, n) -> n > 1 ? n - 1 : null);
        if (answeredNanos <= spentNanos) {
            return;
        }
        // the entry may already have expired (an answer slower than the window): count it again from the answer
        spent.removeFirstOccurrence(spentNanos);
        // answers come back in any order: the times stay sorted, oldest first, or expiry and waits go wrong
        java.util.ArrayDeque<Long> younger = new java.util.ArrayDeque<>();
        while (!spent.isEmpty() && spent.peekLast() > answeredNanos) {
            younger.addFirst(spent.pollLast());
        }
        spent.addLast(answeredNanos);
        spent.addAll(younger);
    }

    /** No token is granted before this time (e.g. a 10006 reset timestamp, or an IP ban). */
    private long refusals;

    public void blockUntil(long untilNanos) {
        blockedUntilNanos = Math.max(blockedUntilNanos, untilNanos);
    }

    public long blockedUntilNanos() {
        return blockedUntilNanos;
    }

    /** The exchange refused a call of this bucket for its rate limit (10006, or a 403 IP ban for the IP bucket). */
    public void refused() {
        refusals++;
    }

    /** Refusals seen since start. */
    public long refusals() {
        return refusals;
    }

    /**
     * The exchange reported {@code remaining} requests left in its window. If that is fewer than we
     * believe, the difference is marked spent now: we only ever become more cautious.
     */
    public void observeRemaining(long nowNanos, int remaining) {
        int ours = available(nowNanos);
        for (int i = Math.max(0, remaining); i < ours; i++) {
            spent.addLast(nowNanos);
        }
    }

    /** The exchange reported our limit for this endpoint (it may be raised for VIP accounts). */
    public void updateCapacity(int newCapacity) {
        if (newCapacity > 0) {
            capacity = newCapacity;
        }
    }

    private void expire(long nowNanos) {
        // a token of a call still unanswered stays (and those behind it: waiting longer is the safe side)
        while (!spent.isEmpty() && spent.peekFirst() + windowNanos <= nowNanos && !held.containsKey(spent.peekFirst())) {
            spent.pollFirst();
        }
    }

    private void checkPermits(int permits) {
        if (permits <= 0 || permits > capacity) {
            throw new IllegalArgumentException("bucket " + name + " cannot grant " + permits
                    + " permits (capacity " + capacity + ")");
        }
    }

    @Override
    public String toString() {
        return "TokenBucket[" + name + " " + capacity + "/" + Duration.ofNanos(windowNanos).toMillis() + "ms]";
    }
}
