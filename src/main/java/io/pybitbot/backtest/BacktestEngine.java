package io.pybitbot.backtest;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.FundingRates;
import io.pybitbot.data.TimeframeAggregator;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.fill.Fill;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.Liquidation;
import io.pybitbot.fill.PositionProtection;
import io.pybitbot.fill.Trigger;
import io.pybitbot.indicator.Atr;
import io.pybitbot.fill.LimitOrder;
import io.pybitbot.fill.LimitOutcome;
import io.pybitbot.fill.TimeInForce;
import io.pybitbot.ledger.EntryTickets;
import io.pybitbot.ledger.ExecutionRules;
import io.pybitbot.ledger.LedgerSettings;
import io.pybitbot.portfolio.ClosedTrade;
import io.pybitbot.portfolio.ExitReason;
import io.pybitbot.portfolio.Portfolio;
import io.pybitbot.portfolio.Position;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.RiskState;
import io.pybitbot.risk.Verdict;
import io.pybitbot.strategy.Strategy;
import io.pybitbot.tpsl.ProtectionPlan;
import io.pybitbot.tpsl.TickGrid;
import io.pybitbot.tpsl.TpSlCalculator;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Runs strategies over historical candles through the same risk rules, sizing, TP/SL rules and fill
 * model as the live bot, with one portfolio (shared equity and limits) for all symbols.
 *
 * <p>Candles of all symbols are replayed in time order (ties in symbol order). For each candle of a
 * symbol, in this order:
 * <ol>
 *   <li>signals decided on the previous candle are executed at this candle's open: exits first, then
 *       entries, each entry checked by {@link RiskRules} against the portfolio as it is at that moment
 *       (an entry against this strategy's own opposite position first closes it, as a REVERSAL; an exit
 *       closes only its own strategy's position). These orderings and ownership decisions are the live
 *       execution ledger's own ({@link ExecutionRules}), so live and backtest agree by shared code;</li>
 *   <li>the open position's stop-loss, take-profit, trailing stop and break-even walk the candle
 *       ({@link PositionProtection});</li>
 *   <li>the position is marked at the close, equity is sampled and the kill switch checked;</li>
 *   <li>the candle is fed to the symbol's ATR (used for trailing and break-even distances) and to each
 *       strategy (directly, or through a {@link TimeframeAggregator} for a longer timeframe). Their
 *       signals wait for the next candle: a decision on candle N fills from candle N+1.</li>
 * </ol>
 * Positions still open when the data ends are closed at the last close (END_OF_DATA).
 */
public final class BacktestEngine {

    /** One strategy instance on one symbol. */
    public record StrategySlot(String name, Interval timeframe, Strategy strategy) {
        public StrategySlot {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(timeframe, "timeframe");
            Objects.requireNonNull(strategy, "strategy");
        }
    }

    /** One symbol: its candles at the finest timeframe any of its strategies uses, and its strategies. */
    /** @param funding the symbol's funding settlements ({@link FundingRates#NONE} for none) */
    public record SymbolInput(CandleSeries candles, InstrumentSpec spec, List<StrategySlot> strategies, int atrPeriod,
                              FundingRates funding) {
        public SymbolInput {
            Objects.requireNonNull(candles, "candles");
            Objects.requireNonNull(spec, "spec");
            strategies = List.copyOf(strategies);
            funding = funding == null ? FundingRates.NONE : funding;
        }

        /** Without funding data. */
        public SymbolInput(CandleSeries candles, InstrumentSpec spec, List<StrategySlot> strategies, int atrPeriod) {
            this(candles, spec, strategies, atrPeriod, FundingRates.NONE);
        }
    }

    /**
     * Rules shared by every symbol.
     *
     * @param tradeFromMs signals from candles that start before this only warm the strategies up (as a
     *                    live node's history does); Long.MIN_VALUE trades from the first candle
     * @param limit       entries rest as post-only limits ({@code order_type: Limit}); null: market entries
     */
    public record Settings(BigDecimal initialEquity, RiskRules risk, TpSlRules tpsl, FillModel fills, long tradeFromMs,
                           LedgerSettings.LimitEntries limit) {
        public Settings {
            Objects.requireNonNull(initialEquity, "initialEquity");
            Objects.requireNonNull(risk, "risk");
            Objects.requireNonNull(tpsl, "tpsl");
            Objects.requireNonNull(fills, "fills");
        }

        public Settings(BigDecimal initialEquity, RiskRules risk, TpSlRules tpsl, FillModel fills) {
            this(initialEquity, risk, tpsl, fills, Long.MIN_VALUE, null);
        }

        public Settings(BigDecimal initialEquity, RiskRules risk, TpSlRules tpsl, FillModel fills, long tradeFromMs) {
            this(initialEquity, risk, tpsl, fills, tradeFromMs, null);
        }
    }

    private final Settings settings;

    public BacktestEngine(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param progress told the number of candles processed so far, now and then (may be null)
     */
    public BacktestResult run(List<SymbolInput> inputs, String description, LongConsumer progress) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to backtest: no symbol has candles");
        }
        Run run = new Run(inputs);
        return run.execute(description, progress == null ? n -> { } : progress);
    }

    /** The mutable state of one run; a new one per call keeps the engine reusable. */
    private final class Run {
        private final SymbolState[] symbols;
        private final Portfolio portfolio;
        private final RiskState riskState = new RiskState();
        private final List<ClosedTrade> trades = new ArrayList<>();
        private final Map<String, Integer> denials = new TreeMap<>();
        private final List<RiskEvent> riskEvents = new ArrayList<>();
        private long lastDailyLossDay = Long.MIN_VALUE;
        private final EquityCurve equity = new EquityCurve();
        private long candlesDone;
        private long totalCandles;
        private long timestampsInMarket;
        private long timestamps;

        Run(List<SymbolInput> inputs) {
            symbols = new SymbolState[inputs.size()];
            long start = Long.MAX_VALUE;
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = new SymbolState(inputs.get(i));
                if (!inputs.get(i).candles().isEmpty()) {
                    start = Math.min(start, inputs.get(i).candles().firstStartMs());
                }
            }
            portfolio = new Portfolio(settings.initialEquity(), start == Long.MAX_VALUE ? 0 : start);
        }

        BacktestResult execute(String description, LongConsumer progress) {
            long[] order = mergedOrder();
            totalCandles = order.length;
            long lastTime = Long.MIN_VALUE;
            boolean anyOpenAtTime = false;
            for (int k = 0; k < order.length; k++) {
                SymbolState s = symbols[(int) (order[k] & 0xFFFF)];
                Candle c = s.candles.get(s.next++);
                if (c.startMs() != lastTime) {
                    if (lastTime != Long.MIN_VALUE) {
                        timestamps++;
                        timestampsInMarket += anyOpenAtTime ? 1 : 0;
                    }
                    lastTime = c.startMs();
                    anyOpenAtTime = false;
                }
                onCandle(s, c);
                anyOpenAtTime |= portfolio.openPositionCount() > 0;
                if ((++candlesDone & 0xFFFF) == 0) {
                    progress.accept(candlesDone);
                }
            }
            if (lastTime != Long.MIN_VALUE) {
                timestamps++;
                timestampsInMarket += anyOpenAtTime ? 1 : 0;
            }
            closeAllAtEnd();
            progress.accept(candlesDone);
            return result(description);
        }

        /** Candle order across symbols: by start time, then symbol index (packed as time << 16 | index). */
        private long[] mergedOrder() {
            int total = 0;
            for (SymbolState s : symbols) {
                total += s.candles.size();
            }
            if (symbols.length > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 symbols per backtest");
            }
            long[] order = new long[total];
            int n = 0;
            for (int i = 0; i < symbols.length; i++) {
                for (Candle c : symbols[i].candles) {
                    order[n++] = (c.startMs() << 16) | i;
                }
            }
            if (symbols.length > 1) {
                Arrays.sort(order);
            }
            return order;
        }

        private void onCandle(SymbolState s, Candle c) {
            long t = c.startMs();
            portfolio.advanceTo(t);
            // settlements up to this candle's open, paid by what was held then (before this open's fills)
            while (s.nextFunding < s.funding.size() && s.funding.timeMs(s.nextFunding) <= t) {
                portfolio.applyFunding(s.symbol, s.funding.rate(s.nextFunding), s.funding.timeMs(s.nextFunding));
                s.nextFunding++;
            }
            if (!s.pending.isEmpty() || s.expired != null || s.flatten) {
                executePending(s, c);
            }
            if (s.protecting) {
                Trigger trigger = s.protection.onCandle(c);
                if (trigger != Trigger.NONE) {
                    Position p = portfolio.position(s.symbol);
                    Fill fill = settings.fills().protectiveExit(s.protection, p.qty(), t, s.spec);
                    book(s, p.strategy(), fill, ExitReason.of(trigger));
                }
            }
            if (s.resting != null) {
                // after the stops, as the simulator matches resting orders at the candle's close: a position a limit
                // opens here is protected from the next candle on
                restingLimit(s, c);
            }
            if (s.protecting) {
                portfolio.mark(s.symbol, c.close(), t);
                s.candlesInMarket++;
            }
            liquidateIfBust(t);
            equity.add(t, portfolio.equity());
            s.equity.add(t, s.symbolEquity(s.protecting ? portfolio.position(s.symbol) : null));
            boolean tripped = settings.risk().updateKillSwitch(portfolio, riskState, t);
            if (tripped) {
                riskEvents.add(new RiskEvent(t, riskState.haltReason().name(), String.format(java.util.Locale.ROOT,
                        "%s; no new entries for the rest of the backtest (after %.1f%% of its candles)",
                        riskState.haltMessage(), totalCandles == 0 ? 0 : 100.0 * (candlesDone + 1) / totalCandles)));
            }
            if (tripped && settings.risk().limits().flattenOnHalt()) {
                for (SymbolState other : symbols) {
                    if (other.protecting || other.resting != null || other.expired != null) {
                        other.flatten = true;
                    }
                }
            }
            s.atr.update(c.high(), c.low(), c.close());
            for (int i = 0; i < s.slots.length; i++) {
                Candle input = s.aggregators[i] == null ? c : s.aggregators[i].add(c);
                if (input != null) {
                    Signal sig = s.slots[i].strategy().onCandle(input, positionOf(s.symbol, s.slots[i].name()));
                    if (s.next > s.candles.size() - PriceCharts.MAX_CANDLES) {
                        s.lines.record(s.slots[i].name(), s.slots[i].strategy(), input.startMs());
                    }
                    if (sig != null && input.startMs() >= settings.tradeFromMs()) {
                        s.pending.add(sig);
                    }
                }
            }
        }

        /** {@code strategy}'s own position on {@code symbol} in the portfolio, as the live ledger would report it. */
        private StrategyPosition positionOf(String symbol, String strategy) {
            Position p = portfolio.position(symbol);
            return p == null || !strategy.equals(p.strategy()) ? StrategyPosition.FLAT
                    : StrategyPosition.open(p.side(), p.qty(), p.entryPrice().doubleValue(), p.entryTimeMs());
        }

        /**
         * Executes last candle's decisions at this candle's open, in the live ledger's order and by its rules
         * ({@link ExecutionRules}): exits first, then entries.
         */
        private void executePending(SymbolState s, Candle c) {
            if (s.flatten && s.protecting) {
                closeAtOpen(s, c, ExitReason.RISK_HALT);
            }
            if (s.flatten) {
                s.resting = null; // the halt cancels resting limit entries too
                s.expired = null;
            }
            s.flatten = false;
            if (s.expired != null) {
                // the limit's time in force ran out with on_expiry market: the entry goes at this open
                Resting r = s.expired;
                s.expired = null;
                fillEntry(s, r.signal(), settings.fills().marketAtOpen(r.signal().side(), r.qty(), c, s.spec));
            }
            for (Signal sig : ExecutionRules.exitsFirst(s.pending)) {
                if (sig.kind() == Signal.Kind.ENTRY) {
                    enter(s, sig, c);
                    continue;
                }
                if (s.resting != null && s.resting.signal().strategy().equals(sig.strategy())
                        && s.resting.signal().side() == sig.side()) {
                    s.resting = null; // its strategy exits before the limit filled: the entry is withdrawn
                    continue;
                }
                Position p = portfolio.position(s.symbol);
                if (p != null && ExecutionRules.exitApplies(p.strategy(), p.side(), sig)) {
                    closeAtOpen(s, c, ExitReason.SIGNAL);
                }
            }
            s.pending.clear();
        }

        private void enter(SymbolState s, Signal sig, Candle c) {
            if (s.resting != null || s.expired != null) {
                deny(DenyReason.ENTRY_IN_FLIGHT); // a limit entry still rests on the symbol
                return;
            }
            Position held = portfolio.position(s.symbol);
            ExecutionRules.EntryAction action = held == null ? ExecutionRules.EntryAction.ENTER
                    : ExecutionRules.entryAction(held.strategy(), held.side(), sig);
            if (action == ExecutionRules.EntryAction.ALREADY_POSITIONED) {
                return; // already positioned this way: nothing to do
            }
            if (action == ExecutionRules.EntryAction.REVERSE_FIRST) {
                closeAtOpen(s, c, ExitReason.REVERSAL);
            }
            // resting limit entries count as positions of their notional, as the live Risk counts them
            Verdict v = settings.risk().checkEntry(sig, s.spec, anyResting() ? withResting() : portfolio,
                    riskState, c.startMs());
            if (v instanceof Verdict.Denied d) {
                deny(d.reason());
                long day = Math.floorDiv(c.startMs(), 86_400_000L);
                if (d.reason() == DenyReason.DAILY_LOSS_LIMIT && day != lastDailyLossDay) {
                    lastDailyLossDay = day; // once per UTC day: the first entry it stopped
                    riskEvents.add(new RiskEvent(c.startMs(), d.reason().name(), d.message()
                            + "; no new entries until the next UTC day"));
                }
                return;
            }
            Verdict.Approved ok = (Verdict.Approved) v;
            LedgerSettings.LimitEntries limit = settings.limit();
            BigDecimal limitPrice = limit == null ? null
                    : EntryTickets.limitPrice(sig.side(), sig.referencePrice(), s.spec, limit.offsetTicks());
            if (limitPrice != null) {
                s.resting = new Resting(sig, ok.qty(), new LimitOrder(sig.side(), ok.qty(), limitPrice,
                        TimeInForce.POST_ONLY), 0);
                return; // matched from this candle on, after its stops (see restingLimit)
            }
            fillEntry(s, sig, settings.fills().marketAtOpen(sig.side(), ok.qty(), c, s.spec));
        }

        /**
         * The resting limit entry against candle {@code c}: filled at its price as maker when touched; refused at
         * arrival when the open had already crossed it (post-only); after its time in force in candles, cancelled, or
         * (on_expiry market) filled at the next open. The rules of the live ledger and the simulator's matching.
         */
        private void restingLimit(SymbolState s, Candle c) {
            Resting r = s.resting;
            LimitOutcome out = settings.fills().limit(r.order(), c, r.candles() == 0, s.spec);
            boolean market = settings.limit().marketOnExpiry();
            switch (out.status()) {
                case FILLED -> {
                    s.resting = null;
                    fillEntry(s, r.signal(), out.fill());
                }
                case REJECTED, CANCELLED -> {
                    s.resting = null;
                    if (market) {
                        fillEntry(s, r.signal(), settings.fills().market(r.signal().side(), r.qty(), c.open(),
                                c.startMs(), s.spec));
                    } else {
                        deny(DenyReason.LIMIT_NOT_FILLED);
                    }
                }
                default -> {
                    s.resting = new Resting(r.signal(), r.qty(), r.order(), r.candles() + 1);
                    if (r.candles() + 1 >= settings.limit().candles()) {
                        s.resting = null;
                        if (market) {
                            s.expired = r;
                        } else {
                            deny(DenyReason.LIMIT_NOT_FILLED);
                        }
                    }
                }
            }
        }

        private boolean anyResting() {
            for (SymbolState other : symbols) {
                if (other.resting != null || other.expired != null) {
                    return true;
                }
            }
            return false;
        }

        /** The portfolio with every resting limit entry counted as a position of its notional. */
        private io.pybitbot.risk.AccountView withResting() {
            java.util.Map<String, Double> exposure = new java.util.HashMap<>();
            for (Position p : portfolio.positions()) {
                exposure.put(p.symbol(), Math.abs(p.exposure()));
            }
            for (SymbolState other : symbols) {
                Resting r = other.resting != null ? other.resting : other.expired;
                if (r != null) {
                    exposure.putIfAbsent(other.symbol, r.qty().doubleValue() * r.order().limitPrice().doubleValue());
                }
            }
            return new io.pybitbot.risk.AccountSnapshot(portfolio.equity(), portfolio.peakEquity(),
                    portfolio.dayStartEquity(), exposure);
        }

        /** An entry's opening fill: booked, and its stops planned from the fill price. */
        private void fillEntry(SymbolState s, Signal sig, Fill fill) {
            if (portfolio.hasPosition(s.symbol)) {
                deny(DenyReason.POSITION_EXISTS);
                return;
            }
            double entry = fill.price().doubleValue();
            boolean stopCrossed = !Double.isNaN(sig.stopLoss())
                    && (sig.side() == Side.BUY ? entry <= sig.stopLoss() : entry >= sig.stopLoss());
            if (stopCrossed) {
                // the open gapped through the signal's stop: the exchange would refuse the order's stop-loss
                deny(DenyReason.INVALID_STOP);
                return;
            }
            ProtectionPlan plan = TpSlCalculator.plan(settings.tpsl(), sig.side(), entry, sig.stopLoss(),
                    sig.takeProfit(), s.atr.isReady() ? s.atr.value() : Double.NaN, s.grid);
            book(s, sig.strategy(), fill, null);
            s.protection.reset(plan);
            s.protecting = true;
        }

        /** The simulator's rule, at each candle close: equity at the maintenance margin closes every position. */
        private void liquidateIfBust(long t) {
            if (portfolio.openPositionCount() == 0) {
                return;
            }
            double margin = 0;
            for (Position p : portfolio.positions()) {
                margin += Liquidation.maintenanceMargin(p.qtyD(), p.entryPriceD());
            }
            double before = portfolio.equity();
            if (!Liquidation.bust(before, margin)) {
                return;
            }
            for (SymbolState other : symbols) {
                if (other.protecting) {
                    Position p = portfolio.position(other.symbol);
                    Fill fill = settings.fills().market(p.side().opposite(), p.qty(), p.markPrice(), t, other.spec);
                    book(other, p.strategy(), fill, ExitReason.LIQUIDATION);
                }
            }
            riskEvents.add(new RiskEvent(t, ExitReason.LIQUIDATION.name(), String.format(java.util.Locale.ROOT,
                    "equity %.2f fell to the maintenance margin %.2f: every position closed at its last price,"
                            + " equity %.2f after", before, margin, portfolio.equity())));
        }

        private void deny(DenyReason reason) {
            denials.merge(reason.name(), 1, Integer::sum);
        }

        private void closeAtOpen(SymbolState s, Candle c, ExitReason reason) {
            Position p = portfolio.position(s.symbol);
            Fill fill = settings.fills().marketAtOpen(p.side().opposite(), p.qty(), c, s.spec);
            book(s, p.strategy(), fill, reason);
        }

        private void book(SymbolState s, String strategy, Fill fill, ExitReason reason) {
            ClosedTrade closed = portfolio.apply(s.symbol, strategy, fill, reason);
            if (closed != null) {
                trades.add(closed);
                s.realizedNet += closed.netPnl().doubleValue();
                settings.risk().onTradeClosed(riskState, s.symbol, closed.netPnl(), fill.timeMs());
            }
            s.protecting = portfolio.hasPosition(s.symbol);
        }

        private void closeAllAtEnd() {
            for (SymbolState s : symbols) {
                if (s.protecting) {
                    Position p = portfolio.position(s.symbol);
                    Candle last = s.candles.get(s.candles.size() - 1);
                    Fill fill = settings.fills().market(p.side().opposite(), p.qty(), last.close(), last.startMs(), s.spec);
                    book(s, p.strategy(), fill, ExitReason.END_OF_DATA);
                    s.equity.add(last.startMs(), s.symbolEquity(null));
                }
            }
            if (equity.size() > 0) {
                equity.add(equity.time(equity.size() - 1), portfolio.equity());
            }
        }

        private BacktestResult result(String description) {
            double initial = settings.initialEquity().doubleValue();
            long finest = Long.MAX_VALUE;
            for (SymbolState s : symbols) {
                finest = Math.min(finest, s.interval.millis());
            }
            double perYear = 365.25 * 24 * 3600 * 1000 / finest;
            Map<String, PerformanceStats> perSymbol = new TreeMap<>();
            Map<String, CandleSeries> prices = new LinkedHashMap<>();
            Map<String, Map<String, IndicatorLine>> indicators = new LinkedHashMap<>();
            for (SymbolState s : symbols) {
                List<PerformanceStats.TradeFigures> figures = trades.stream().filter(t -> t.symbol().equals(s.symbol))
                        .map(BacktestEngine::figures).toList();
                double exposure = s.candles.isEmpty() ? 0 : (double) s.candlesInMarket / s.candles.size();
                perSymbol.put(s.symbol, PerformanceStats.compute(figures, initial, s.equity.values(),
                        365.25 * 24 * 3600 * 1000 / s.interval.millis(), exposure));
                prices.put(s.symbol, s.series);
                indicators.put(s.symbol, s.lines.lines());
            }
            PerformanceStats total = PerformanceStats.compute(trades.stream().map(BacktestEngine::figures).toList(),
                    initial, equity.values(), perYear, timestamps == 0 ? 0 : (double) timestampsInMarket / timestamps);
            return new BacktestResult(description, initial, portfolio.equity(), List.copyOf(trades), equity, perSymbol,
                    total, denials, prices, candlesDone, indicators, riskEvents);
        }
    }

    private static PerformanceStats.TradeFigures figures(ClosedTrade t) {
        return new PerformanceStats.TradeFigures(t.netPnl().doubleValue(), t.fees().doubleValue());
    }

    /** A limit entry on the book: its approved quantity and how many candles it has rested. */
    private record Resting(Signal signal, BigDecimal qty, LimitOrder order, int candles) {}

    /** Per-symbol state of a run. */
    private final class SymbolState {
        final String symbol;
        final CandleSeries series;
        final List<Candle> candles;
        final Interval interval;
        final InstrumentSpec spec;
        final TickGrid grid;
        final StrategySlot[] slots;
        final TimeframeAggregator[] aggregators;
        final Atr atr;
        final PositionProtection protection;
        final FundingRates funding;
        int nextFunding;
        final List<Signal> pending = new ArrayList<>(2);
        /** The symbol's limit entry on the book, or null. */
        Resting resting;
        /** A limit entry whose time in force ran out, to fill at market at the next open (on_expiry market). */
        Resting expired;
        /** The strategies' indicators over the candles the report shows. */
        final IndicatorRecorder lines = new IndicatorRecorder();
        final EquityCurve equity = new EquityCurve();
        final double initial = settings.initialEquity().doubleValue();
        int next;
        boolean protecting;
        boolean flatten;
        long candlesInMarket;
        double realizedNet;

        SymbolState(SymbolInput in) {
            series = in.candles();
            symbol = series.symbol();
            candles = series.candles();
            interval = series.interval();
            spec = in.spec();
            grid = TickGrid.of(spec);
            slots = in.strategies().toArray(new StrategySlot[0]);
            aggregators = new TimeframeAggregator[slots.length];
            for (int i = 0; i < slots.length; i++) {
                Interval tf = slots[i].timeframe();
                if (tf.millis() < interval.millis()) {
                    throw new IllegalArgumentException(slots[i].name() + " on " + symbol + " wants interval " + tf.code()
                            + " but the data is at interval " + interval.code());
                }
                aggregators[i] = tf == interval ? null : new TimeframeAggregator(interval, tf);
            }
            atr = new Atr(in.atrPeriod());
            protection = new PositionProtection(grid);
            funding = in.funding();
            nextFunding = candles.isEmpty() ? 0 : funding.firstAtOrAfter(candles.get(0).startMs());
        }

        /** The symbol's own equity line: initial equity plus its realized and unrealized net PnL. */
        double symbolEquity(Position p) {
            return initial + realizedNet + (p == null ? 0
                    : p.unrealizedPnl() - p.openFees().doubleValue() + p.openFunding().doubleValue());
        }
    }
}
