package io.pybitbot.tpsl;

/**
 * Break-even move (execution.json {@code tpsl_manager.break_even}): once price has moved
 * {@code triggerAtrMultiple} ATRs in favour, the stop moves to entry plus {@code offsetTicks} ticks
 * in the position's favour (a few ticks so the exit still covers fees).
 */
public record BreakEvenRule(boolean enabled, double triggerAtrMultiple, int offsetTicks) {

    public static final BreakEvenRule DISABLED = new BreakEvenRule(false, 0, 0);

    public BreakEvenRule {
        if (enabled) {
            if (!(triggerAtrMultiple > 0) || Double.isInfinite(triggerAtrMultiple)) {
                throw new IllegalArgumentException("tpsl_manager.break_even.trigger_atr_multiple must be > 0, got "
                        + triggerAtrMultiple);
            }
            if (offsetTicks < 0) {
                throw new IllegalArgumentException("tpsl_manager.break_even.offset_ticks must be >= 0, got "
                        + offsetTicks);
            }
        }
    }
}
