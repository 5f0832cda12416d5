package io.pybitbot.portfolio;

import io.pybitbot.fill.Trigger;

/** Why a position (or part of it) was closed. */
public enum ExitReason {
    STOP_LOSS,
    /** The stop-loss after the break-even move. */
    BREAK_EVEN_STOP,
    TRAILING_STOP,
    TAKE_PROFIT,
    /** The strategy's exit signal. */
    SIGNAL,
    /** An entry on the opposite side closed this position first. */
    REVERSAL,
    /** The backtest ran out of data with the position open; closed at the last close. */
    END_OF_DATA,
    /** Flattened by the risk kill switch. */
    RISK_HALT,
    /** Closed by liquidation: equity fell to the maintenance margin ({@link io.pybitbot.fill.Liquidation}). */
    LIQUIDATION,
    MANUAL;

    /** The reason for a protective trigger. */
    public static ExitReason of(Trigger trigger) {
        return switch (trigger) {
            case STOP_LOSS -> STOP_LOSS;
            case BREAK_EVEN_STOP -> BREAK_EVEN_STOP;
            case TRAILING_STOP -> TRAILING_STOP;
            case TAKE_PROFIT -> TAKE_PROFIT;
            case NONE -> throw new IllegalArgumentException("Trigger.NONE closed nothing");
        };
    }
}
