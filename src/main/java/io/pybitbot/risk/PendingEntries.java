package io.pybitbot.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Entries Risk approved whose position the account has not shown yet. Without them, two symbols approved in the
 * same instant both see room for "one more position" and the book ends one over its limit. Each pending entry
 * counts as a position of its approved notional until the position appears, the entry ends without a fill, a
 * newer check on its symbol supersedes it, or it grows too old to believe (a lost message must not block a slot
 * for ever). Plain Java: the Risk actor owns one and feeds it.
 */
public final class PendingEntries {

    private record Pending(double notional, long token) {}

    private final Map<String, Pending> bySymbol = new HashMap<>();
    private long lastToken;

    /**
     * The entry on {@code symbol} was approved for {@code notional} USDT; returns the token that
     * {@link #expire} needs, so an old deadline cannot drop a newer approval.
     */
    public long approved(String symbol, double notional) {
        long token = ++lastToken;
        bySymbol.put(Objects.requireNonNull(symbol, "symbol"), new Pending(Math.abs(notional), token));
        return token;
    }

    /** The symbol's entry is settled (position seen, entry ended, or a new check supersedes it). */
    public void settled(String symbol) {
        bySymbol.remove(symbol);
    }

    /** The approval {@code token} of {@code symbol} is too old to believe; true if it was still pending. */
    public boolean expire(String symbol, long token) {
        Pending p = bySymbol.get(symbol);
        if (p == null || p.token() != token) {
            return false;
        }
        bySymbol.remove(symbol);
        return true;
    }

    /** The token of the symbol's pending approval, or -1 when none is pending. */
    public long token(String symbol) {
        Pending p = bySymbol.get(symbol);
        return p == null ? -1 : p.token();
    }

    public boolean isPending(String symbol) {
        return bySymbol.containsKey(symbol);
    }

    public int size() {
        return bySymbol.size();
    }

    /**
     * The exposure per symbol counting pending entries as positions: a symbol that has a position keeps its own
     * figure (the position is the entry, or the entry cannot be added to it).
     */
    public Map<String, Double> withPositions(Map<String, Double> positionExposure) {
        Map<String, Double> merged = new HashMap<>(positionExposure);
        bySymbol.forEach((symbol, p) -> merged.putIfAbsent(symbol, p.notional()));
        return merged;
    }
}
