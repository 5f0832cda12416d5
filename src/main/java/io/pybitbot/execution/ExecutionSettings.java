package io.pybitbot.execution;

import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.ledger.LedgerSettings;
import io.pybitbot.risk.ProtectionFailures;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link OrderExecution} turns approved signals into orders (from execution.json).
 *
 * @param leverage          {@code leverage}: set once per symbol before its first entry (capped by what
 *                          Risk approves, i.e. the instrument's maximum)
 * @param orderType         {@code order_type}: entries go out as market orders, or as post-only limits
 *                          ({@code limit_entry})
 * @param stopLossPct       {@code tpsl_manager.stop_loss_pct} when {@code stop_mode} is {@code percent}; 0 =
 *                          attach the signal's own stop
 * @param takeProfitPct     {@code tpsl_manager.take_profit_pct} in percent mode; 0 = the signal's target
 * @param askTimeout        how long to wait for Risk's verdict and the REST client's answer (a backstop:
 *                          both always answer)
 * @param rememberedIntents how many recent orderLinkIds (and orders) are kept to refuse a repeated intent
 * @param failureBound      failed closes or stop placements on one symbol that halt its entries
 * @param limitEntry        {@code limit_entry}: price offset, time in force and expiry of Limit entries
 */
public record ExecutionSettings(BigDecimal leverage, ExecutionConfig.OrderType orderType, double stopLossPct,
                                double takeProfitPct, Duration askTimeout, int rememberedIntents,
                                ProtectionFailures.Bound failureBound, ExecutionConfig.LimitEntry limitEntry) {

    public ExecutionSettings(BigDecimal leverage, ExecutionConfig.OrderType orderType, double stopLossPct,
                             double takeProfitPct, Duration askTimeout, int rememberedIntents,
                             ProtectionFailures.Bound failureBound) {
        this(leverage, orderType, stopLossPct, takeProfitPct, askTimeout, rememberedIntents, failureBound,
                ExecutionConfig.LimitEntry.DEFAULT);
    }

    /** With the default bound on failed protective actions. */
    public ExecutionSettings(BigDecimal leverage, ExecutionConfig.OrderType orderType, double stopLossPct,
                             double takeProfitPct, Duration askTimeout, int rememberedIntents) {
        this(leverage, orderType, stopLossPct, takeProfitPct, askTimeout, rememberedIntents,
                ProtectionFailures.Bound.DEFAULT);
    }

    public ExecutionSettings {
        Objects.requireNonNull(failureBound, "failureBound");
        Objects.requireNonNull(limitEntry, "limitEntry");
        Objects.requireNonNull(leverage, "leverage");
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(askTimeout, "askTimeout");
        if (leverage.compareTo(BigDecimal.ONE) < 0) {
            throw new IllegalArgumentException("leverage must be >= 1, got " + leverage.toPlainString());
        }
        if (!(stopLossPct >= 0 && stopLossPct < 1) || !(takeProfitPct >= 0 && takeProfitPct < 1)) {
            throw new IllegalArgumentException("stop_loss_pct and take_profit_pct must be fractions in [0, 1), got "
                    + stopLossPct + " and " + takeProfitPct);
        }
        if (rememberedIntents < 1) {
            throw new IllegalArgumentException("rememberedIntents must be >= 1, got " + rememberedIntents);
        }
    }

    /** What the execution ledger needs of these. */
    public LedgerSettings ledger() {
        return new LedgerSettings(leverage, stopLossPct, takeProfitPct, rememberedIntents,
                io.pybitbot.trading.TradingRules.limitEntries(orderType, limitEntry));
    }

    /** Market orders with the signal's own stop and target. */
    public static ExecutionSettings of(BigDecimal leverage) {
        return new ExecutionSettings(leverage, ExecutionConfig.OrderType.MARKET, 0, 0, Duration.ofSeconds(60), 10_000);
    }

    public static ExecutionSettings from(ExecutionConfig e) {
        boolean percent = e.tpslManager().stopMode() == ExecutionConfig.StopMode.PERCENT;
        return new ExecutionSettings(BigDecimal.valueOf(e.leverage()), e.orderType(),
                percent ? e.tpslManager().stopLossPct() : 0, percent ? e.tpslManager().takeProfitPct() : 0,
                Duration.ofSeconds(60), 10_000, new ProtectionFailures.Bound(e.tpslManager().maxFailedProtections(),
                        Duration.ofSeconds(e.tpslManager().failedProtectionWindowSeconds())), e.limitEntry());
    }
}
