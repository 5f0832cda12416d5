package io.pybitbot.risk;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The pre-trade check: may this entry go out, and with what quantity and leverage? Pure apart from
 * the {@link RiskState} it is given (kill switch latch, cooldowns). Exits are never checked: reducing
 * risk is always allowed.
 *
 * <p>Checks, in order (the first failing one is the verdict):
 * <ol>
 *   <li>kill switch: drawdown from peak &ge; {@code maxDrawdownPct} trips it, and a HALTED state denies
 *       (MAX_DRAWDOWN_HALT, or TRADING_HALTED for a manual halt);</li>
 *   <li>daily loss: (day start equity - equity) / day start equity &ge; {@code dailyLossLimitPct}
 *       (DAILY_LOSS_LIMIT; lifts at the next UTC day, when the day's start equity is reset);</li>
 *   <li>POSITION_EXISTS: one-way mode, one position per symbol;</li>
 *   <li>COOLDOWN after a losing trade on the symbol;</li>
 *   <li>MAX_OPEN_POSITIONS;</li>
 *   <li>sizing ({@link Sizing}): INVALID_STOP, INVALID_PRICE, INSUFFICIENT_EQUITY, QTY_BELOW_MIN,
 *       NOTIONAL_BELOW_MIN;</li>
 *   <li>exposure: the size is reduced to fit under both the symbol cap and the total cap; if nothing
 *       tradable fits, SYMBOL_EXPOSURE or MAX_TOTAL_EXPOSURE (whichever binds).</li>
 * </ol>
 */
public final class RiskRules {

    private final RiskLimits limits;
    private final SizingRule sizing;

    public RiskRules(RiskLimits limits, SizingRule sizing) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.sizing = Objects.requireNonNull(sizing, "sizing");
    }

    public RiskLimits limits() {
        return limits;
    }

    public SizingRule sizing() {
        return sizing;
    }

    /**
     * Checks an entry signal. The entry price for sizing is the signal's reference price snapped to the
     * nearest tick; its stop is rounded away from the entry (long down, short up).
     *
     * @param nowMs event time of the decision (for cooldowns and the halt timestamp)
     */
    public Verdict checkEntry(Signal signal, InstrumentSpec spec, AccountView account, RiskState state, long nowMs) {
        if (signal.kind() != Signal.Kind.ENTRY) {
            throw new IllegalArgumentException("risk checks entries only; exits are always allowed, got "
                    + signal.kind() + " for " + signal.symbol());
        }
        String symbol = signal.symbol();
        updateKillSwitch(account, state, nowMs);
        if (state.halted()) {
            return new Verdict.Denied(state.haltReason(), "trading halted: " + state.haltMessage());
        }
        if (state.strategyPaused(signal.strategy())) {
            return new Verdict.Denied(DenyReason.STRATEGY_PAUSED, signal.strategy() + " is paused: "
                    + state.pausedStrategies().get(signal.strategy()));
        }
        if (state.symbolHalted(symbol)) {
            return new Verdict.Denied(DenyReason.SYMBOL_HALTED, "entries on " + symbol + " halted: "
                    + state.symbolHalts().get(symbol));
        }
        if (dailyLossReached(account)) {
            return new Verdict.Denied(DenyReason.DAILY_LOSS_LIMIT, String.format(
                    "daily loss %.2f%% of day start equity %.2f reached the limit %.2f%%",
                    100 * dailyLoss(account), account.dayStartEquity(), 100 * limits.dailyLossLimitPct()));
        }
        if (account.hasPosition(symbol)) {
            return new Verdict.Denied(DenyReason.POSITION_EXISTS, symbol + " already has a position (one-way mode)");
        }
        if (state.inCooldown(symbol, nowMs)) {
            return new Verdict.Denied(DenyReason.COOLDOWN, symbol + " cools down after a loss until "
                    + java.time.Instant.ofEpochMilli(state.cooldownUntil(symbol)));
        }
        if (account.openPositionCount() >= limits.maxOpenPositions()) {
            return new Verdict.Denied(DenyReason.MAX_OPEN_POSITIONS, account.openPositionCount()
                    + " positions open, the limit is " + limits.maxOpenPositions());
        }
        double ref = signal.referencePrice();
        if (!(ref > 0) || Double.isInfinite(ref)) {
            return new Verdict.Denied(DenyReason.INVALID_PRICE, symbol + ": reference price " + ref);
        }
        BigDecimal entry = spec.roundPrice(ref);
        BigDecimal stop = Double.isNaN(signal.stopLoss()) ? null
                : spec.roundPrice(BigDecimal.valueOf(signal.stopLoss()),
                        signal.side() == Side.BUY ? RoundingMode.FLOOR : RoundingMode.CEILING);
        Verdict sized = Sizing.size(sizing, spec, signal.side(), account.equity(), entry, stop);
        if (!(sized instanceof Verdict.Approved approved)) {
            return sized;
        }
        double equity = account.equity();
        double symbolRoom = equity * limits.maxSymbolExposurePct() - account.symbolExposure(symbol);
        double totalRoom = equity * limits.maxTotalExposurePct() - account.totalExposure();
        double room = Math.min(symbolRoom, totalRoom);
        if (approved.notional().doubleValue() <= room) {
            return approved;
        }
        DenyReason binding = symbolRoom <= totalRoom ? DenyReason.SYMBOL_EXPOSURE : DenyReason.MAX_TOTAL_EXPOSURE;
        Verdict resized = Sizing.size(sizing, spec, signal.side(), equity, entry, stop, room);
        if (resized instanceof Verdict.Approved) {
            return resized;
        }
        return new Verdict.Denied(binding, String.format("%s: room under the %s cap is %.2f USDT, too small to trade (%s)",
                symbol, binding == DenyReason.SYMBOL_EXPOSURE ? "per-symbol" : "total exposure", Math.max(room, 0),
                ((Verdict.Denied) resized).message()));
    }

    /**
     * Trips the kill switch when drawdown from peak reaches the limit. Call on every equity update.
     *
     * @return true when this call tripped it (the caller may flatten, see {@link RiskLimits#flattenOnHalt()})
     */
    public boolean updateKillSwitch(AccountView account, RiskState state, long nowMs) {
        if (state.halted()) {
            return false;
        }
        double peak = account.peakEquity();
        double drawdown = peak > 0 ? (peak - account.equity()) / peak : 0;
        if (drawdown >= limits.maxDrawdownPct()) {
            state.halt(DenyReason.MAX_DRAWDOWN_HALT, String.format("drawdown %.2f%% from peak %.2f reached the limit %.2f%%",
                    100 * drawdown, peak, 100 * limits.maxDrawdownPct()), nowMs);
            return true;
        }
        return false;
    }

    /** Today's loss as a fraction of the day's starting equity (negative on a winning day). */
    public static double dailyLoss(AccountView account) {
        double start = account.dayStartEquity();
        return start > 0 ? (start - account.equity()) / start : 0;
    }

    public boolean dailyLossReached(AccountView account) {
        return dailyLoss(account) >= limits.dailyLossLimitPct();
    }

    /** Starts the symbol's cooldown when a trade closed at a net loss. */
    public void onTradeClosed(RiskState state, String symbol, BigDecimal netPnl, long exitTimeMs) {
        if (netPnl.signum() < 0 && !limits.cooldownAfterLoss().isZero()) {
            state.startCooldown(symbol, exitTimeMs + limits.cooldownAfterLoss().toMillis());
        }
    }
}
