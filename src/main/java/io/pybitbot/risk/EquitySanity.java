package io.pybitbot.risk;

/**
 * Whether a new equity figure is believable next to the one before: the rule behind the kill switch on absurd
 * account data. Plain Java; Risk halts entries on an answer other than "" and does not size on the figure.
 */
public final class EquitySanity {

    private EquitySanity() {}

    /**
     * @param previous   the figure before (0 or less when none is known yet: only finiteness and sign are checked)
     * @param next       the new figure
     * @param maxJumpPct the largest believable move, a share of {@code previous} (0.5 = 50 %)
     * @return "" when believable, else why not (for the halt message)
     */
    public static String why(double previous, double next, double maxJumpPct) {
        if (!Double.isFinite(next)) {
            return "equity " + next + " is not a finite number";
        }
        if (next <= 0) {
            return "equity " + String.format("%.2f", next) + " is not positive";
        }
        if (previous > 0 && Math.abs(next - previous) > previous * maxJumpPct) {
            return String.format("equity moved from %.2f to %.2f (%+.1f %%), beyond the %.0f %% bound", previous, next,
                    (next / previous - 1) * 100, maxJumpPct * 100);
        }
        return "";
    }
}
