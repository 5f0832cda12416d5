package io.pybitbot.risk;

import java.time.Duration;
import java.util.Objects;

/**
 * Account-wide limits on entries (execution.json {@code risk}). Fractions are of equity: 0.05 = 5 %;
 * exposure caps may exceed 1 (2.0 = notional up to twice equity).
 *
 * @param maxOpenPositions      {@code max_open_positions}, at least 1
 * @param maxTotalExposurePct   {@code max_total_exposure_pct}: sum of |notional| over positions &le; equity * this
 * @param maxSymbolExposurePct  {@code max_symbol_exposure_pct}: one symbol's |notional| &le; equity * this
 * @param dailyLossLimitPct     {@code daily_loss_limit_pct}: no entries once the UTC day's loss reaches this
 *                              fraction of the day's starting equity
 * @param maxDrawdownPct        {@code max_drawdown_pct}: kill switch on drawdown from peak equity
 * @param cooldownAfterLoss     {@code cooldown_after_loss_minutes}: no entry on a symbol for this long
 *                              after a losing trade on it; zero disables
 * @param flattenOnHalt         {@code flatten_on_halt}: close all positions when the kill switch trips
 *                              (carried for the callers; the rules themselves only deny entries)
 * @param maxEquityJumpPct      {@code max_equity_jump_pct}: an equity figure further than this share from the one
 *                              before (or not a finite positive number) is absurd: the kill switch halts on it
 */
public record RiskLimits(int maxOpenPositions, double maxTotalExposurePct, double maxSymbolExposurePct,
                         double dailyLossLimitPct, double maxDrawdownPct, Duration cooldownAfterLoss,
                         boolean flattenOnHalt, double maxEquityJumpPct) {

    /** The default bound on an equity jump: half the figure before. */
    public static final double DEFAULT_MAX_EQUITY_JUMP_PCT = 0.5;

    /** With the default bound on equity jumps. */
    public RiskLimits(int maxOpenPositions, double maxTotalExposurePct, double maxSymbolExposurePct,
                      double dailyLossLimitPct, double maxDrawdownPct, Duration cooldownAfterLoss,
                      boolean flattenOnHalt) {
        this(maxOpenPositions, maxTotalExposurePct, maxSymbolExposurePct, dailyLossLimitPct, maxDrawdownPct,
                cooldownAfterLoss, flattenOnHalt, DEFAULT_MAX_EQUITY_JUMP_PCT);
    }

    public RiskLimits {
        requirePositive(maxEquityJumpPct, "risk.max_equity_jump_pct");
        Objects.requireNonNull(cooldownAfterLoss, "risk.cooldown_after_loss_minutes");
        if (maxOpenPositions < 1) {
            throw new IllegalArgumentException("risk.max_open_positions must be >= 1, got " + maxOpenPositions);
        }
        requirePositive(maxTotalExposurePct, "risk.max_total_exposure_pct");
        requirePositive(maxSymbolExposurePct, "risk.max_symbol_exposure_pct");
        requireFraction(dailyLossLimitPct, "risk.daily_loss_limit_pct");
        requireFraction(maxDrawdownPct, "risk.max_drawdown_pct");
        if (cooldownAfterLoss.isNegative()) {
            throw new IllegalArgumentException("risk.cooldown_after_loss_minutes must be >= 0, got " + cooldownAfterLoss);
        }
    }

    /** Limits that never bind (for tests and unconstrained backtests). */
    public static RiskLimits unlimited() {
        return new RiskLimits(Integer.MAX_VALUE, 1e9, 1e9, 1, 1, Duration.ZERO, false, 1e9);
    }

    private static void requirePositive(double v, String name) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0 (1.0 = 100% of equity), got " + v);
        }
    }

    private static void requireFraction(double v, String name) {
        if (!(v > 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in (0, 1] (0.05 = 5%), got " + v);
        }
    }
}
