package io.pybitbot.account;

import java.math.BigDecimal;

/**
 * Whether an account event contradicts what the feed knows by an implausible margin, so it must be confirmed over
 * REST before anyone acts on it (execution.json {@code risk.max_equity_jump_pct}, {@code risk.max_position_jump_factor}).
 * Plain Java. A false alarm costs one REST read; a missed one can close a protected position at market.
 *
 * @param maxEquityJumpPct      the largest believable move of equity between two figures, a share of the one before
 * @param maxPositionJumpFactor a position larger than this many times the known one plus the orders and fills seen
 *                              on the symbol since is implausible
 */
public record Plausibility(double maxEquityJumpPct, double maxPositionJumpFactor) {

    public Plausibility {
        if (!(maxEquityJumpPct > 0) || !(maxPositionJumpFactor >= 1) || Double.isInfinite(maxPositionJumpFactor)) {
            throw new IllegalArgumentException("plausibility bounds must be > 0 and >= 1, got " + maxEquityJumpPct + " and "
                    + maxPositionJumpFactor);
        }
    }

    /** The configuration's defaults: 50 % equity moves, 3 times the known size. */
    public static Plausibility defaults() {
        return new Plausibility(0.5, 3.0);
    }

    /** "" when believable, else why not. {@code last} is null before the first figure. */
    public String wallet(AccountEvent.WalletUpdate last, AccountEvent.WalletUpdate next) {
        double e = next.totalEquity().doubleValue();
        if (!Double.isFinite(e)) {
            return "equity " + next.totalEquity().toPlainString() + " is not a finite number";
        }
        if (last == null || last.totalEquity().signum() <= 0) {
            return "";
        }
        double before = last.totalEquity().doubleValue();
        return Math.abs(e - before) > before * maxEquityJumpPct
                ? "equity " + next.totalEquity().toPlainString() + " after " + last.totalEquity().toPlainString() : "";
    }

    /**
     * @param known    the position the feed holds for the symbol, or null when flat
     * @param next     the update
     * @param activity quantity of the orders and fills seen on the symbol since {@code known} was relayed
     * @param filled   a fill was seen on the symbol since then
     */
    public String position(AccountEvent.PositionUpdate known, AccountEvent.PositionUpdate next, BigDecimal activity,
                           boolean filled) {
        if (!next.open()) {
            return "";
        }
        boolean wasOpen = known != null && known.open();
        if (wasOpen && known.side() != next.side() && !filled) {
            return "side flipped from " + known.side() + " to " + next.side() + " without a fill";
        }
        BigDecimal base = (wasOpen ? known.size() : BigDecimal.ZERO).add(activity);
        if (base.signum() == 0) {
            // a position out of nothing the feed knew of (opened before the stream connected, or its fill not in yet):
            // believed, adopted and protected; sizes beyond any number's range never get past the venue's validation
            return "";
        }
        if (next.size().compareTo(base.multiply(BigDecimal.valueOf(maxPositionJumpFactor))) > 0) {
            return "size " + next.size().toPlainString() + " where " + base.toPlainString()
                    + " is known (position and orders since)";
        }
        return "";
    }
}
