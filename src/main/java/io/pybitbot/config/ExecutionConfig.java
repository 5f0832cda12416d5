package io.pybitbot.config;

import java.util.Objects;

/**
 * {@code configs/execution.json}: how signals become orders, and the limits that stop them.
 * Percentages are fractions of equity: {@code 0.05} is 5 %.
 *
 * @param initialEquityUsdt starting equity of sim, paper and backtest accounts (USDT)
 * @param orderType         {@code Market} or {@code Limit}
 * @param slippageBps       fill-model slippage in basis points (sim, paper, backtest)
 * @param leverage          leverage set on every symbol, 1..100
 * @param onStop            {@code on_stop}: what a graceful stop (SIGINT/SIGTERM) does with positions and orders
 * @param limitEntry        {@code limit_entry}: how a {@code Limit} entry is priced and how long it rests
 */
public record ExecutionConfig(double initialEquityUsdt, OrderType orderType, double slippageBps, Fees fees,
                              Sizing sizing, double leverage, Risk risk, TpSlManager tpslManager, OnStop onStop,
                              LimitEntry limitEntry) {

    public ExecutionConfig {
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(limitEntry, "limitEntry");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(sizing, "sizing");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(tpslManager, "tpslManager");
        Objects.requireNonNull(onStop, "onStop");
    }

    /** The documented defaults: what an empty execution.json gives. */
    public static ExecutionConfig defaults() {
        return new ExecutionConfig(10_000, OrderType.MARKET, 2.0, new Fees(0.00055, 0.0002),
                new Sizing(SizingMode.RISK_PER_TRADE, 500, 0.05, 0.01), 1,
                new Risk(4, 1.0, 0.5, 0.05, 0.20, 0, false),
                new TpSlManager(true, StopMode.ATR, 0.01, 0.02, new Trailing(false, 1.5, 1.0),
                        new BreakEven(false, 1.0, 0), 10, 30, 3, 60), OnStop.KEEP, LimitEntry.DEFAULT);
    }

    /** A copy with another entry order type (tests and benchmarks switch it). */
    public ExecutionConfig withOrderType(OrderType type, LimitEntry limit) {
        return new ExecutionConfig(initialEquityUsdt, type, slippageBps, fees, sizing, leverage, risk, tpslManager,
                onStop, limit);
    }

    /**
     * {@code limit_entry}: a {@code Limit} entry is a post-only order at the signal's price, {@code offsetTicks} further
     * from the market (a buy lower, a sell higher), resting for {@code timeInForceCandles} closed candles of the
     * symbol's finest timeframe; then it is cancelled, or its unfilled rest goes out at market ({@code onExpiry}). A
     * post-only order the market has already crossed is refused by the exchange: that counts as expired at once.
     */
    public record LimitEntry(int offsetTicks, int timeInForceCandles, OnExpiry onExpiry) {
        public static final LimitEntry DEFAULT = new LimitEntry(1, 3, OnExpiry.CANCEL);

        public LimitEntry {
            Objects.requireNonNull(onExpiry, "onExpiry");
            if (offsetTicks < 0 || timeInForceCandles < 1) {
                throw new IllegalArgumentException("limit_entry needs offset_ticks >= 0 and time_in_force_candles >= 1, got "
                        + offsetTicks + " and " + timeInForceCandles);
            }
        }
    }

    /** {@code limit_entry.on_expiry}. */
    public enum OnExpiry {
        CANCEL("cancel"), MARKET("market");

        private final String code;

        OnExpiry(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static OnExpiry fromCode(String code) {
            return "market".equals(code) ? MARKET : CANCEL;
        }
    }

    /** {@code on_stop}: what a graceful stop leaves behind on the exchange. */
    public enum OnStop {
        /** Positions stay open under their exchange-side stops; resting orders stay. */
        KEEP("keep"),
        /** Resting orders are cancelled; positions stay open under their exchange-side stops. */
        CANCEL_ORDERS("cancel_orders"),
        /** Resting orders are cancelled and every position is closed at market. */
        FLATTEN("flatten");

        private final String code;

        OnStop(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static OnStop fromCode(String code) {
            for (OnStop o : values()) {
                if (o.code.equals(code)) {
                    return o;
                }
            }
            return KEEP;
        }
    }

    public enum OrderType {
        MARKET("Market"), LIMIT("Limit");

        private final String wire;

        OrderType(String wire) {
            this.wire = wire;
        }

        /** As Bybit spells it in {@code orderType}. */
        public String wire() {
            return wire;
        }

        static OrderType fromWire(String s) {
            return s.equals("Limit") ? LIMIT : MARKET;
        }
    }

    /** Fee rates as fractions of notional (0.00055 = 0.055 %); a negative maker fee is a rebate. */
    public record Fees(double taker, double maker) {
    }

    public enum SizingMode {
        /** Every entry has the same notional. */
        FIXED_NOTIONAL("fixed_notional"),
        /** Notional is a share of current equity. */
        EQUITY_PCT("equity_pct"),
        /** Quantity is chosen so hitting the stop loses this share of equity. */
        RISK_PER_TRADE("risk_per_trade");

        private final String code;

        SizingMode(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static SizingMode fromCode(String code) {
            for (SizingMode m : values()) {
                if (m.code.equals(code)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(code);
        }
    }

    /** The parameter of the chosen mode is used; the others are kept so switching modes is one edit. */
    public record Sizing(SizingMode mode, double fixedNotionalUsdt, double equityPct, double riskPerTradePct) {
        public Sizing {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /**
     * @param maxTotalExposurePct  sum of open notional over equity (2.0 = 200 %, needs leverage)
     * @param maxSymbolExposurePct open notional of one symbol over equity
     * @param dailyLossLimitPct    loss since the UTC day start that halts new entries
     * @param maxDrawdownPct       drop from the equity peak that halts new entries
     * @param cooldownAfterLossMinutes no new entry on a symbol for this long after a losing trade
     * @param flattenOnHalt        close every position when a limit halts trading
     * @param maxEquityJumpPct     an equity figure further than this share from the one before is implausible:
     *                             confirmed over REST by the account feed, and the kill switch halts entries on it
     * @param maxPositionJumpFactor a position update larger than this many times what the bot knows (the position
     *                             before plus the orders and fills seen since) is confirmed over REST first
     */
    public record Risk(int maxOpenPositions, double maxTotalExposurePct, double maxSymbolExposurePct,
                       double dailyLossLimitPct, double maxDrawdownPct, int cooldownAfterLossMinutes,
                       boolean flattenOnHalt, double maxEquityJumpPct, double maxPositionJumpFactor) {

        public static final double DEFAULT_MAX_EQUITY_JUMP_PCT = 0.5;
        public static final double DEFAULT_MAX_POSITION_JUMP_FACTOR = 3.0;

        /** With the default plausibility bounds. */
        public Risk(int maxOpenPositions, double maxTotalExposurePct, double maxSymbolExposurePct,
                    double dailyLossLimitPct, double maxDrawdownPct, int cooldownAfterLossMinutes,
                    boolean flattenOnHalt) {
            this(maxOpenPositions, maxTotalExposurePct, maxSymbolExposurePct, dailyLossLimitPct, maxDrawdownPct,
                    cooldownAfterLossMinutes, flattenOnHalt, DEFAULT_MAX_EQUITY_JUMP_PCT, DEFAULT_MAX_POSITION_JUMP_FACTOR);
        }
    }

    public enum StopMode {
        /** Stop and target come from the strategy's ATR multiples. */
        ATR("atr"),
        /** Stop and target are fixed shares of the entry price. */
        PERCENT("percent");

        private final String code;

        StopMode(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static StopMode fromCode(String code) {
            return code.equals("percent") ? PERCENT : ATR;
        }
    }

    /**
     * The take-profit / stop-loss manager.
     *
     * @param stopLossPct           stop distance as a share of entry price (stop_mode percent)
     * @param takeProfitPct         target distance as a share of entry price (stop_mode percent)
     * @param verifyIntervalSeconds how often the exchange-side stop of each position is checked
     * @param protectTimeoutSeconds a position still unprotected after this long is flattened
     * @param maxFailedProtections  failed stop placements or closes on one symbol within
     *                              {@code failedProtectionWindowSeconds} that halt entries on it (and pace the attempts)
     */
    public record TpSlManager(boolean enabled, StopMode stopMode, double stopLossPct, double takeProfitPct,
                              Trailing trailing, BreakEven breakEven, int verifyIntervalSeconds,
                              int protectTimeoutSeconds, int maxFailedProtections, int failedProtectionWindowSeconds) {
        public TpSlManager {
            Objects.requireNonNull(stopMode, "stopMode");
            Objects.requireNonNull(trailing, "trailing");
            Objects.requireNonNull(breakEven, "breakEven");
        }
    }

    /** Trailing stop: starts once profit reaches {@code activation} ATRs, then trails {@code distance} ATRs behind. */
    public record Trailing(boolean enabled, double activationAtrMultiple, double distanceAtrMultiple) {
    }

    /** Moves the stop to entry plus {@code offsetTicks} once profit reaches {@code trigger} ATRs. */
    public record BreakEven(boolean enabled, double triggerAtrMultiple, int offsetTicks) {
    }
}
