package io.pybitbot.fill;

/** Which protective level, if any, closed a position within a candle. */
public enum Trigger {
    NONE,
    STOP_LOSS,
    /** The stop-loss after it was moved to break-even. */
    BREAK_EVEN_STOP,
    TRAILING_STOP,
    TAKE_PROFIT
}
