package io.pybitbot.fill;

/** Bybit's {@code timeInForce} values, as far as the fill model distinguishes them. */
public enum TimeInForce {
    /** Rests until filled. */
    GTC,
    /** Fills what it can at once, cancels the rest. */
    IOC,
    /** All at once or nothing; the model assumes the whole quantity is available, so it behaves like IOC. */
    FOK,
    /** Maker only: rejected if it would take liquidity on arrival. */
    POST_ONLY;

    /** Bybit wire value: GTC, IOC, FOK, PostOnly. */
    public String wire() {
        return this == POST_ONLY ? "PostOnly" : name();
    }
}
