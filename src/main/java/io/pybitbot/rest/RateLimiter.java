package io.pybitbot.rest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One global bucket (per-IP limit) plus optional per-key buckets (per-UID endpoint limits). A request
 * is granted only if both its key's bucket and the global bucket have room; then both are charged. The global
 * bucket counts HTTP requests (one each); a key's bucket counts {@code permits} per request, so that a batch of
 * orders spends one per order on its endpoint and one request of the IP's budget.
 * Pure and single-threaded, like {@link TokenBucket}.
 */
public final class RateLimiter<K> {

    private final TokenBucket global;
    private final Map<K, TokenBucket> perKey;

    public RateLimiter(TokenBucket global, Map<K, TokenBucket> perKey) {
        this.global = Objects.requireNonNull(global, "global");
        this.perKey = Map.copyOf(perKey);
    }

    public TokenBucket global() {
        return global;
    }

    public Optional<TokenBucket> bucket(K key) {
        return Optional.ofNullable(perKey.get(key));
    }

    /** Nanoseconds until {@code permits} can be granted for {@code key} (0 = now). */
    public long nanosUntilPermitted(K key, int permits, long nowNanos) {
        long wait = global.nanosUntilAvailable(nowNanos, 1);
        TokenBucket b = perKey.get(key);
        return b == null ? wait : Math.max(wait, b.nanosUntilAvailable(nowNanos, permits));
    }

    /** Charges both buckets, or neither; the tokens return a window after {@link #answered}, never before. */
    public boolean tryAcquire(K key, int permits, long nowNanos) {
        TokenBucket b = perKey.get(key);
        if (global.available(nowNanos) < 1 || (b != null && b.available(nowNanos) < permits)) {
            return false;
        }
        global.tryAcquireUntilAnswered(nowNanos, 1);
        if (b != null) {
            b.tryAcquireUntilAnswered(nowNanos, permits);
        }
        return true;
    }

    /** A request charged {@code permits} at {@code spentNanos} was answered (or failed) at {@code answeredNanos}. */
    public void answered(K key, int permits, long spentNanos, long answeredNanos) {
        global.answered(spentNanos, answeredNanos);
        TokenBucket b = perKey.get(key);
        if (b != null) {
            for (int i = 0; i < permits; i++) {
                b.answered(spentNanos, answeredNanos);
            }
        }
    }

    /**
     * Applies the exchange's view from response headers ({@code X-Bapi-Limit},
     * {@code X-Bapi-Limit-Status}, and for a rejected request {@code X-Bapi-Limit-Reset-Timestamp}).
     */
    public void onLimitHeaders(K key, OptionalInt limit, OptionalInt remaining, long nowNanos) {
        TokenBucket b = perKey.get(key);
        if (b == null) {
            return;
        }
        limit.ifPresent(b::updateCapacity);
        remaining.ifPresent(r -> b.observeRemaining(nowNanos, r));
    }

    /** The exchange refused with a rate-limit error: nothing for this key until {@code resetAtNanos}. */
    public void onRateLimited(K key, OptionalLong resetAtNanos, long nowNanos) {
        TokenBucket b = perKey.get(key);
        TokenBucket target = b == null ? global : b;
        target.refused();
        // Without a reset time, wait one full window: the server's window has surely rolled by then.
        target.blockUntil(resetAtNanos.orElse(nowNanos + target.window().toNanos()));
    }

    /** No per-key (per-UID) grant before {@code untilNanos}; the per-IP bucket is left alone. */
    public void holdPerKey(long untilNanos) {
        perKey.values().forEach(b -> b.blockUntil(untilNanos));
    }

    /** The whole client must pause (HTTP 403 IP ban). */
    public void blockAll(long untilNanos) {
        global.refused();
        global.blockUntil(untilNanos);
    }
}
