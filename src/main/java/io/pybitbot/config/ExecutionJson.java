package io.pybitbot.config;

import java.util.List;

/** Reads and checks {@code execution.json}, including limits that contradict each other. */
final class ExecutionJson {

    static final String FILE = "execution.json";

    private ExecutionJson() {
    }

    static ExecutionConfig read(JsonObjectView root, Problems problems) {
        ExecutionConfig d = ExecutionConfig.defaults();
        double equity = root.number("initial_equity_usdt", d.initialEquityUsdt(), Range.POSITIVE, "USDT");
        ExecutionConfig.OrderType orderType = ExecutionConfig.OrderType.fromWire(
                root.choice("order_type", d.orderType().wire(), List.of("Market", "Limit")));
        double slippage = root.number("slippage_bps", d.slippageBps(), Range.closed(0, 1000), "basis points");

        JsonObjectView f = root.object("fees");
        double taker = f.number("taker", d.fees().taker(), Range.closed(0, 0.01), "fraction of notional, 0.00055 = 0.055 %");
        double maker = f.number("maker", d.fees().maker(), Range.closed(-0.01, 0.01), "fraction of notional; negative = rebate");
        f.finish();

        JsonObjectView s = root.object("sizing");
        String modeCode = s.choice("mode", d.sizing().mode().code(), List.of("fixed_notional", "equity_pct", "risk_per_trade"));
        double fixed = s.number("fixed_notional_usdt", d.sizing().fixedNotionalUsdt(), Range.POSITIVE, "USDT per entry");
        double equityPct = s.number("equity_pct", d.sizing().equityPct(), Range.FRACTION, "fraction of equity, 0.05 = 5 %");
        double riskPct = s.number("risk_per_trade_pct", d.sizing().riskPerTradePct(), Range.openClosed(0, 0.1), "fraction of equity lost at the stop");
        s.finish();
        var sizing = new ExecutionConfig.Sizing(ExecutionConfig.SizingMode.fromCode(modeCode), fixed, equityPct, riskPct);

        double leverage = root.number("leverage", d.leverage(), Range.closed(1, 100), "times");

        JsonObjectView r = root.object("risk");
        int maxOpen = r.integer("max_open_positions", d.risk().maxOpenPositions(), 1, 1000, "positions across all symbols");
        double total = r.number("max_total_exposure_pct", d.risk().maxTotalExposurePct(), Range.openClosed(0, 100), "open notional / equity, 2.0 = 200 %");
        double perSymbol = r.number("max_symbol_exposure_pct", d.risk().maxSymbolExposurePct(), Range.openClosed(0, 100), "open notional of one symbol / equity");
        double daily = r.number("daily_loss_limit_pct", d.risk().dailyLossLimitPct(), Range.FRACTION, "fraction of equity at the day start");
        double drawdown = r.number("max_drawdown_pct", d.risk().maxDrawdownPct(), Range.FRACTION, "fraction of peak equity");
        int cooldown = r.integer("cooldown_after_loss_minutes", d.risk().cooldownAfterLossMinutes(), 0, 10_080, "minutes");
        boolean flatten = r.bool("flatten_on_halt", d.risk().flattenOnHalt());
        double equityJump = r.number("max_equity_jump_pct", d.risk().maxEquityJumpPct(), Range.openClosed(0, 10),
                "fraction of the equity figure before, 0.5 = 50 %");
        double positionJump = r.number("max_position_jump_factor", d.risk().maxPositionJumpFactor(),
                Range.closed(1, 1000), "times the known position plus the orders seen since");
        r.finish();
        if (r.ok("max_symbol_exposure_pct") && r.ok("max_total_exposure_pct") && perSymbol > total) {
            r.problem("max_symbol_exposure_pct", "found " + Range.fmt(perSymbol) + ", expected at most $.risk.max_total_exposure_pct ("
                    + Range.fmt(total) + "): one symbol cannot exceed the total");
        }
        if (r.ok("daily_loss_limit_pct") && r.ok("max_drawdown_pct") && daily > drawdown) {
            r.problem("daily_loss_limit_pct", "found " + Range.fmt(daily) + ", expected at most $.risk.max_drawdown_pct ("
                    + Range.fmt(drawdown) + "): the daily limit could never trigger before the drawdown limit");
        }
        if (r.ok("max_total_exposure_pct") && root.ok("leverage") && total > leverage) {
            r.problem("max_total_exposure_pct", "found " + Range.fmt(total) + ", expected at most $.leverage ("
                    + Range.fmt(leverage) + "): exposure beyond the leverage cannot be opened");
        }
        var risk = new ExecutionConfig.Risk(maxOpen, total, perSymbol, daily, drawdown, cooldown, flatten,
                equityJump, positionJump);

        var tpsl = tpsl(root.object("tpsl_manager"), d.tpslManager());
        ExecutionConfig.OnStop onStop = ExecutionConfig.OnStop.fromCode(root.choice("on_stop", d.onStop().code(),
                List.of("keep", "cancel_orders", "flatten")));
        JsonObjectView l = root.object("limit_entry");
        int offset = l.integer("offset_ticks", d.limitEntry().offsetTicks(), 0, 10_000,
                "ticks from the signal's price, away from the market");
        int ttl = l.integer("time_in_force_candles", d.limitEntry().timeInForceCandles(), 1, 1_000,
                "closed candles the order rests before it expires");
        ExecutionConfig.OnExpiry onExpiry = ExecutionConfig.OnExpiry.fromCode(l.choice("on_expiry",
                d.limitEntry().onExpiry().code(), List.of("cancel", "market")));
        l.finish();
        root.finish();
        return new ExecutionConfig(equity, orderType, slippage, new ExecutionConfig.Fees(taker, maker), sizing,
                leverage, risk, tpsl, onStop, new ExecutionConfig.LimitEntry(offset, ttl, onExpiry));
    }

    private static ExecutionConfig.TpSlManager tpsl(JsonObjectView t, ExecutionConfig.TpSlManager d) {
        boolean enabled = t.bool("enabled", d.enabled());
        ExecutionConfig.StopMode stopMode = ExecutionConfig.StopMode.fromCode(
                t.choice("stop_mode", d.stopMode().code(), List.of("atr", "percent")));
        double slPct = t.number("stop_loss_pct", d.stopLossPct(), Range.closed(0, 0.5), "fraction of entry price");
        double tpPct = t.number("take_profit_pct", d.takeProfitPct(), Range.closed(0, 10), "fraction of entry price");
        if (stopMode == ExecutionConfig.StopMode.PERCENT) {
            if (t.ok("stop_loss_pct") && slPct <= 0) {
                t.problem("stop_loss_pct", "found " + Range.fmt(slPct) + ", expected > 0 because $.tpsl_manager.stop_mode is \"percent\"");
            }
            if (t.ok("take_profit_pct") && tpPct <= 0) {
                t.problem("take_profit_pct", "found " + Range.fmt(tpPct) + ", expected > 0 because $.tpsl_manager.stop_mode is \"percent\"");
            }
        }

        JsonObjectView tr = t.object("trailing");
        boolean trEnabled = tr.bool("enabled", d.trailing().enabled());
        double activation = tr.number("activation_atr_multiple", d.trailing().activationAtrMultiple(), Range.closed(0, 100), "profit in ATRs before trailing starts");
        double distance = tr.number("distance_atr_multiple", d.trailing().distanceAtrMultiple(), new Range(0, false, 100, true), "ATRs the stop trails behind");
        tr.finish();
        if (trEnabled && tr.ok("distance_atr_multiple") && tr.ok("activation_atr_multiple") && distance >= activation) {
            tr.problem("distance_atr_multiple", "found " + Range.fmt(distance) + ", expected less than"
                    + " $.tpsl_manager.trailing.activation_atr_multiple (" + Range.fmt(activation)
                    + "): the trailed stop would start at or below the entry");
        }

        JsonObjectView be = t.object("break_even");
        boolean beEnabled = be.bool("enabled", d.breakEven().enabled());
        double trigger = be.number("trigger_atr_multiple", d.breakEven().triggerAtrMultiple(), new Range(0, false, 100, true), "profit in ATRs that moves the stop to entry");
        int offsetTicks = be.integer("offset_ticks", d.breakEven().offsetTicks(), 0, 10_000, "ticks beyond entry, to cover fees");
        be.finish();

        int verify = t.integer("verify_interval_seconds", d.verifyIntervalSeconds(), 1, 3600, "seconds");
        int protect = t.integer("protect_timeout_seconds", d.protectTimeoutSeconds(), 1, 3600, "seconds");
        int maxFailed = t.integer("max_failed_protections", d.maxFailedProtections(), 1, 100,
                "failed stop placements or closes on one symbol that halt its entries");
        int failedWindow = t.integer("failed_protection_window_seconds", d.failedProtectionWindowSeconds(), 1, 3600,
                "seconds");
        t.finish();
        return new ExecutionConfig.TpSlManager(enabled, stopMode, slPct, tpPct,
                new ExecutionConfig.Trailing(trEnabled, activation, distance),
                new ExecutionConfig.BreakEven(beEnabled, trigger, offsetTicks), verify, protect, maxFailed, failedWindow);
    }
}
