package io.pybitbot.trading;

import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.ledger.LedgerSettings;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.tpsl.BreakEvenRule;
import io.pybitbot.tpsl.StopMode;
import io.pybitbot.tpsl.TpSlRules;
import io.pybitbot.tpsl.TrailingRule;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The pure trading rules built from {@code execution.json}: one place, so the backtester, the simulator
 * and the live actors size, limit, protect and fill by the same numbers.
 */
public record TradingRules(BigDecimal initialEquity, RiskRules risk, TpSlRules tpsl, FillModel fills,
                           LedgerSettings.LimitEntries limitEntries) {

    /** {@code order_type: Limit} with its {@code limit_entry}; null for market entries. */
    public static LedgerSettings.LimitEntries limitEntries(ExecutionConfig.OrderType type, ExecutionConfig.LimitEntry l) {
        return type == ExecutionConfig.OrderType.LIMIT
                ? new LedgerSettings.LimitEntries(l.offsetTicks(), l.timeInForceCandles(),
                        l.onExpiry() == ExecutionConfig.OnExpiry.MARKET)
                : null;
    }

    public static TradingRules from(ExecutionConfig e) {
        BigDecimal leverage = BigDecimal.valueOf(e.leverage());
        ExecutionConfig.Sizing s = e.sizing();
        SizingRule sizing = switch (s.mode()) {
            case FIXED_NOTIONAL -> SizingRule.fixedNotional(BigDecimal.valueOf(s.fixedNotionalUsdt()),
                    leverage);
            case EQUITY_PCT -> SizingRule.equityPct(s.equityPct(), leverage);
            case RISK_PER_TRADE -> SizingRule.riskPerTrade(s.riskPerTradePct(), leverage);
        };
        ExecutionConfig.Risk r = e.risk();
        RiskLimits limits = new RiskLimits(r.maxOpenPositions(), r.maxTotalExposurePct(), r.maxSymbolExposurePct(),
                r.dailyLossLimitPct(), r.maxDrawdownPct(), Duration.ofMinutes(r.cooldownAfterLossMinutes()),
                r.flattenOnHalt(), r.maxEquityJumpPct());
        return new TradingRules(BigDecimal.valueOf(e.initialEquityUsdt()), new RiskRules(limits, sizing),
                tpsl(e.tpslManager()), new FillModel(new FillSettings(e.slippageBps(),
                new FeeSchedule(BigDecimal.valueOf(e.fees().taker()), BigDecimal.valueOf(e.fees().maker())))),
                limitEntries(e.orderType(), e.limitEntry()));
    }

    /**
     * {@code stop_mode: "atr"} keeps the strategy's own ATR-based stop and target (core mode SIGNAL);
     * {@code "percent"} replaces them with fixed shares of the entry. A disabled manager still keeps the
     * stop and target (every position carries a stop) but does not trail or move to break-even.
     */
    static TpSlRules tpsl(ExecutionConfig.TpSlManager m) {
        StopMode mode = m.stopMode() == ExecutionConfig.StopMode.PERCENT ? StopMode.PERCENT : StopMode.SIGNAL;
        TrailingRule trailing = m.enabled() && m.trailing().enabled()
                ? new TrailingRule(true, m.trailing().activationAtrMultiple(), m.trailing().distanceAtrMultiple())
                : TrailingRule.DISABLED;
        BreakEvenRule breakEven = m.enabled() && m.breakEven().enabled()
                ? new BreakEvenRule(true, m.breakEven().triggerAtrMultiple(), m.breakEven().offsetTicks())
                : BreakEvenRule.DISABLED;
        return new TpSlRules(mode, mode == StopMode.PERCENT ? m.stopLossPct() : 0,
                mode == StopMode.PERCENT ? m.takeProfitPct() : 0, 0, 0, trailing, breakEven);
    }
}
