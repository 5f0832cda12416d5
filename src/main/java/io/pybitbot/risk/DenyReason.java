package io.pybitbot.risk;

/** Why an entry was denied: a stable code for logs, events and reports. */
public enum DenyReason {
    /** The kill switch tripped on drawdown from peak equity; stays until {@link RiskState#reset()}. */
    MAX_DRAWDOWN_HALT,
    /** Trading was halted by hand ({@link RiskState#halt}). */
    TRADING_HALTED,
    /** The kill switch tripped on absurd account data: equity not a finite positive number, or a jump beyond the bound. */
    ABSURD_ACCOUNT_DATA,
    /**
     * Entries on this one symbol are halted: its protective actions (stop placements, closes) failed
     * {@code max_failed_protections} times within the window. Stays until an operator resumes.
     */
    SYMBOL_HALTED,
    /** The signal's strategy is paused by an operator: no new entries from it until it is resumed. */
    STRATEGY_PAUSED,
    /** Today's loss (UTC day, realized + unrealized) reached the daily limit. */
    DAILY_LOSS_LIMIT,
    /** One-way mode: the symbol already has a position. */
    POSITION_EXISTS,
    /** The symbol's last trade lost money less than the cooldown ago. */
    COOLDOWN,
    MAX_OPEN_POSITIONS,
    /** No room left under the total exposure cap. */
    MAX_TOTAL_EXPOSURE,
    /** No room left under the per-symbol exposure cap. */
    SYMBOL_EXPOSURE,
    /** Sized quantity, rounded down to the qty step, is below the instrument's minimum. */
    QTY_BELOW_MIN,
    /** qty * price is below the instrument's minimum notional. */
    NOTIONAL_BELOW_MIN,
    /** Risk-per-trade sizing without a usable stop (missing, on the wrong side, or at the entry). */
    INVALID_STOP,
    /** The entry price is not a finite positive number. */
    INVALID_PRICE,
    /** Equity is zero or negative. */
    INSUFFICIENT_EQUITY,
    /** No wallet figure has arrived this run: nothing is sized against an unknown account (not "equity 0"). */
    EQUITY_UNKNOWN,
    // decided by the execution ledger, not by Risk's rules
    /** Risk did not answer in time; the intent is not retried. */
    RISK_TIMEOUT,
    /** No instrument rules (tick, step, minimums) are known for the symbol. */
    UNKNOWN_INSTRUMENT,
    /** Another entry on the symbol is on its way and a further one already waits for it to settle. */
    ENTRY_IN_FLIGHT,
    /**
     * A limit entry left the book unfilled (its time in force ran out, or post-only found the market past its price)
     * and {@code on_expiry} is {@code cancel}.
     */
    LIMIT_NOT_FILLED
}
