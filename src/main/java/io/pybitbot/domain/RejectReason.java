package io.pybitbot.domain;

/**
 * Why a venue refused an order, in the trading core's words. Venue adapters map their own codes and
 * strings to these (Bybit: {@code exchange.bybit.BybitVenue}).
 */
public enum RejectReason {
    /** A reduce-only order found no position (or a smaller one) to reduce: the venue closed it first. */
    REDUCE_ONLY_NOT_SATISFIED,
    /** The client order id was used before: an earlier attempt of the same intent landed. */
    DUPLICATE,
    /** Not enough available balance or margin for the order. */
    INSUFFICIENT_BALANCE,
    /**
     * The order's take-profit or stop-loss is on the wrong side of the price the venue checks it against (the
     * market moved past it since the signal); the order itself would be fine without them.
     */
    PROTECTION_REJECTED,
    /** A post-only order would have taken liquidity on arrival (the market had crossed its price): not placed. */
    POST_ONLY_WOULD_TAKE,
    /** Quantity or price outside the instrument's rules. */
    INVALID_ORDER,
    /** Credentials, permissions or the account's state forbid trading. */
    NOT_PERMITTED,
    /** The venue was busy or limited the request rate, and retries ran out. */
    UNAVAILABLE,
    /** Anything else; the detail says what the venue said. */
    OTHER
}
