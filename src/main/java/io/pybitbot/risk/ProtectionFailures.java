package io.pybitbot.risk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bound on repeated protective actions (stop placements, closes) that fail on one symbol. Below the bound every
 * attempt goes out at once. The failure that reaches it (N failures within the window) trips the symbol: the caller
 * halts entries on it and raises an alert, and from then on attempts are paced to the bound's own rate (one per
 * window / N), so an exchange that keeps refusing, or a stream that keeps prompting, never becomes a loop. A symbol
 * whose position is protected again, or flat, starts over.
 */
public final class ProtectionFailures {

    /**
     * From execution.json {@code tpsl_manager}.
     *
     * @param maxFailures failures within {@code window} that trip the symbol, at least 1
     */
    public record Bound(int maxFailures, Duration window) {
        public Bound {
            Objects.requireNonNull(window, "failed_protection_window_seconds");
            if (maxFailures < 1) {
                throw new IllegalArgumentException("tpsl_manager.max_failed_protections must be >= 1, got " + maxFailures);
            }
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("tpsl_manager.failed_protection_window_seconds must be > 0, got "
                        + window.toSeconds());
            }
        }

        public static final Bound DEFAULT = new Bound(3, Duration.ofSeconds(60));

        /** Why a symbol tripped, in the words Risk journals and the alert shows; {@code last} is the last failure. */
        public String describe(String last) {
            return maxFailures + " failed protective actions in " + window.toSeconds() + " s, the last a " + last;
        }

        /** The spacing of attempts once tripped: the bound's own rate. */
        public long pacingMs() {
            return Math.max(1, window.toMillis() / maxFailures);
        }
    }

    private final Bound bound;
    private final Map<String, Deque<Long>> recent = new HashMap<>();
    private final Map<String, Long> trippedAtMs = new HashMap<>();
    private final Map<String, Long> lastAttemptMs = new HashMap<>();

    public ProtectionFailures(Bound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    public Bound bound() {
        return bound;
    }

    /** Whether a protective attempt on {@code symbol} may go out now; when it may, it is counted as made. */
    public boolean tryAttempt(String symbol, long nowMs) {
        if (tripped(symbol)) {
            Long last = lastAttemptMs.get(symbol);
            if (last != null && nowMs - last < bound.pacingMs()) {
                return false;
            }
        }
        lastAttemptMs.put(symbol, nowMs);
        return true;
    }

    /**
     * Records a failed attempt.
     *
     * @return true when this failure reaches the bound and trips the symbol (once; later failures return false)
     */
    public boolean failed(String symbol, long nowMs) {
        Deque<Long> times = recent.computeIfAbsent(symbol, s -> new ArrayDeque<>());
        times.addLast(nowMs);
        while (!times.isEmpty() && nowMs - times.peekFirst() >= bound.window().toMillis()) {
            times.removeFirst();
        }
        if (!tripped(symbol) && times.size() >= bound.maxFailures()) {
            trippedAtMs.put(symbol, nowMs);
            return true;
        }
        return false;
    }

    /** The symbol's position is protected or flat: its failures are forgotten and attempts are immediate again. */
    public void recovered(String symbol) {
        recent.remove(symbol);
        trippedAtMs.remove(symbol);
        lastAttemptMs.remove(symbol);
    }

    public boolean tripped(String symbol) {
        return trippedAtMs.containsKey(symbol);
    }

    /** Failures still inside the window at {@code nowMs}. */
    public int recentFailures(String symbol, long nowMs) {
        Deque<Long> times = recent.get(symbol);
        if (times == null) {
            return 0;
        }
        return (int) times.stream().filter(t -> nowMs - t < bound.window().toMillis()).count();
    }
}
