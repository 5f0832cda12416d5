package io.pybitbot.exchange.bybit;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts rows of exchange data that failed validation and were dropped (a kline row with a negative
 * price, a position row with an unreadable size, ...), by kind. Thread-safe; a status endpoint or a
 * metrics exporter reads {@link #snapshot()}. Every rejection is logged once at WARN with the symbol
 * and what was wrong.
 */
public final class RejectedRows {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedRows.class);
    private static final RejectedRows SHARED = new RejectedRows();

    /** @param byKind rejections per kind ("kline", "position", "order", ...), sorted by kind */
    public record Snapshot(long total, Map<String, Long> byKind) {}

    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    /** The process-wide counter every parser uses unless given another (tests pass their own). */
    public static RejectedRows shared() {
        return SHARED;
    }

    /** Records one dropped row of {@code kind} for {@code symbol} (may be null when unreadable). */
    public void reject(String kind, String symbol, String reason) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        LOG.warn("dropped an invalid {} row{}: {}", kind, symbol == null || symbol.isEmpty() ? "" : " of " + symbol, reason);
    }

    public long count(String kind) {
        LongAdder a = byKind.get(kind);
        return a == null ? 0L : a.sum();
    }

    public long total() {
        return byKind.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Snapshot snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byKind.forEach((k, v) -> copy.put(k, v.sum()));
        return new Snapshot(copy.values().stream().mapToLong(Long::longValue).sum(), Map.copyOf(copy));
    }
}
