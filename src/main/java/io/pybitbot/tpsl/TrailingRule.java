package io.pybitbot.tpsl;

/**
 * Trailing stop, in ATR multiples at entry (execution.json {@code tpsl_manager.trailing}).
 *
 * @param activationAtrMultiple the trail arms once price has moved this many ATRs in favour of the
 *                              entry (Bybit's {@code activePrice}); 0 arms it immediately
 * @param distanceAtrMultiple   distance of the stop behind the best price (Bybit's {@code trailingStop})
 */
public record TrailingRule(boolean enabled, double activationAtrMultiple, double distanceAtrMultiple) {

    public static final TrailingRule DISABLED = new TrailingRule(false, 0, 0);

    public TrailingRule {
        if (enabled) {
            if (!(activationAtrMultiple >= 0) || Double.isInfinite(activationAtrMultiple)) {
                throw new IllegalArgumentException("tpsl_manager.trailing.activation_atr_multiple must be >= 0, got "
                        + activationAtrMultiple);
            }
            if (!(distanceAtrMultiple > 0) || Double.isInfinite(distanceAtrMultiple)) {
                throw new IllegalArgumentException("tpsl_manager.trailing.distance_atr_multiple must be > 0, got "
                        + distanceAtrMultiple);
            }
        }
    }
}
