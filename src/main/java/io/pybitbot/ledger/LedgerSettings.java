package io.pybitbot.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The execution ledger's own numbers.
 *
 * @param leverage          the configured leverage; an entry's is min(this, what Risk approved)
 * @param stopLossPct       percent stop mode: stop at this share from the reference price; 0 = the signal's
 * @param takeProfitPct     percent stop mode: target at this share; 0 = the signal's
 * @param rememberedIntents how many recent intents (and orders) are kept to refuse a repeat
 * @param limit             how entries rest as post-only limits; null: entries are market orders
 */
public record LedgerSettings(BigDecimal leverage, double stopLossPct, double takeProfitPct, int rememberedIntents,
                             LimitEntries limit) {

    /** Market entries. */
    public LedgerSettings(BigDecimal leverage, double stopLossPct, double takeProfitPct, int rememberedIntents) {
        this(leverage, stopLossPct, takeProfitPct, rememberedIntents, null);
    }

    /**
     * Post-only limit entries at the signal's price moved {@code offsetTicks} away from the market, resting for
     * {@code candles} closed candles; then cancelled, or ({@code marketOnExpiry}) their unfilled rest sent at market.
     */
    public record LimitEntries(int offsetTicks, int candles, boolean marketOnExpiry) {
        public LimitEntries {
            if (offsetTicks < 0 || candles < 1) {
                throw new IllegalArgumentException("limit entries need offsetTicks >= 0 and candles >= 1, got "
                        + offsetTicks + " and " + candles);
            }
        }
    }

    public LedgerSettings {
        Objects.requireNonNull(leverage, "leverage");
        if (rememberedIntents < 1) {
            throw new IllegalArgumentException("rememberedIntents must be >= 1, got " + rememberedIntents);
        }
    }
}
