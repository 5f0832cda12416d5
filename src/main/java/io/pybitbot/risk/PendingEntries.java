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
     * The account with pending entries counted as positions of their approved notional (a symbol that has a position
     * keeps the position's figure: the position is the entry, or the entry cannot be added to it). Read through, not
     * copied: a candle close at 500 symbols checks hundreds of entries in a row, and copying both maps for each made
     * the checks quadratic. Valid while neither this nor {@code positionExposure} changes (one check).
     */
    public AccountView view(double equity, double peakEquity, double dayStartEquity, Map<String, Double> positionExposure) {
        Objects.requireNonNull(positionExposure, "positionExposure");
        if (Double.isNaN(equity) || Double.isNaN(peakEquity) || Double.isNaN(dayStartEquity)) {
            // as AccountSnapshot: a NaN figure must fail the check, never size an order
            throw new IllegalArgumentException("account view has NaN: equity " + equity + ", peak " + peakEquity
                    + ", day start " + dayStartEquity);
        }
        return new AccountView() {
            @Override
            public double equity() {
                return equity;
            }

            @Override
            public double peakEquity() {
                return Math.max(peakEquity, equity);
            }

            @Override
            public double dayStartEquity() {
                return dayStartEquity;
            }

            @Override
            public int openPositionCount() {
                int n = positionExposure.size();
                for (String symbol : bySymbol.keySet()) {
                    if (!positionExposure.containsKey(symbol)) {
                        n++;
                    }
                }
                return n;
            }

            @Override
            public double totalExposure() {
                double sum = 0;
                for (double v : positionExposure.values()) {
                    sum += Math.abs(v);
                }
                for (Map.Entry<String, Pending> e : bySymbol.entrySet()) {
                    if (!positionExposure.containsKey(e.getKey())) {
                        sum += e.getValue().notional();
                    }
                }
                return sum;
            }

            @Override
            public double symbolExposure(String symbol) {
                Double v = positionExposure.get(symbol);
                if (v != null) {
                    return Math.abs(v);
                }
                Pending p = bySymbol.get(symbol);
                return p == null ? 0 : p.notional();
            }

            @Override
            public boolean hasPosition(String symbol) {
                return positionExposure.containsKey(symbol) || bySymbol.containsKey(symbol);
            }
        };
    }
}
