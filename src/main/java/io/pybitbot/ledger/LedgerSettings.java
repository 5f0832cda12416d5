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
 */
public record LedgerSettings(BigDecimal leverage, double stopLossPct, double takeProfitPct, int rememberedIntents) {

    public LedgerSettings {
        Objects.requireNonNull(leverage, "leverage");
        if (rememberedIntents < 1) {
            throw new IllegalArgumentException("rememberedIntents must be >= 1, got " + rememberedIntents);
        }
    }
}
