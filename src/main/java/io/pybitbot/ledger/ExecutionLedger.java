package io.pybitbot.ledger;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.PlacementResult;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.ledger.LedgerEffect.Level;
import io.pybitbot.ledger.LedgerEvent.*;
import io.pybitbot.ledger.OrderLinkIds.Kind;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The execution rules of the bot, without actors or a venue: which signal becomes which order, who owns
 * a position, when a position is gone, which trade a fill belongs to, and what Risk is told.
 *
 * <p>Each input (a signal, Risk's verdict, a leverage or placement answer, an account event, a positions
 * read) returns a {@link Decision}: the facts it recorded ({@link LedgerEvent}, already applied here) and
 * the effects for the shell to carry out ({@link LedgerEffect}). All state changes go through
 * {@link #apply(LedgerEvent)}, so a fresh ledger fed the same facts reaches the same state. Time comes in
 * with the inputs ({@code nowMs}); nothing here reads a clock.
 *
 * <p>Not thread-safe: one owner (an actor) feeds it.
 */
public final class ExecutionLedger {

    /** Owner of the closes sent by {@link #flattenAll}. */
    public static final String OWNER_FLATTEN = "flatten";

    private final LedgerSettings settings;
    private final Map<String, InstrumentSpec> instruments;

    private final Set<String> recentIntents = new LinkedHashSet<>();
    private final Map<String, OrderView> orders = new LinkedHashMap<>();
    private final Map<String, PositionView> positions = new TreeMap<>();
    /**
     * Strategy of the entry sent (or seen filling) per symbol whose position has not been reported open yet:
     * the owner of the position it opens. Flat updates do not clear it (Bybit pushes one when an order is
     * placed, before its fill); a failed entry or the position's open update does.
     */
    private final Map<String, String> pendingOwnerBySymbol = new TreeMap<>();
    /** Fills of the symbol's current trade, from its opening fill on. */
    private final Map<String, TradeTally> tradeBySymbol = new TreeMap<>();
    /** Trades reported closed whose closing fills are still on their way; Risk hears of them once complete. */
    private final Map<String, ClosingTrade> closingBySymbol = new TreeMap<>();
    /** Closed quantity of the fills since the symbol's last position update: a fill may close before it says so. */
    private final Map<String, BigDecimal> closedSinceUpdate = new TreeMap<>();
    /**
     * The last position closed per symbol and when, to tell an exit that crossed the exchange's own stop from one for
     * a position never held. Only wording depends on it, so it is not in the snapshot.
     */
    private final Map<String, ClosingTrade> lastClosedBySymbol = new TreeMap<>();
    /** Venue time of the fill that closed the symbol's position: older open updates are stale. */
    private final Map<String, Long> closedByFillAtMs = new TreeMap<>();
    /** Stream position updates and closing fills per symbol, so a REST read never undoes newer stream news. */
    private final Map<String, Long> positionNewsBySymbol = new TreeMap<>();
    /** Owners of positions forgotten on a reduce-only refusal, restored if the re-read finds them still open. */
    private final Map<String, String> forgottenOwners = new TreeMap<>();
    private boolean reconciling;
    /** Entries waiting for the close of a reversed position to show up as flat. */
    private final Map<String, Signal> reversalEntries = new TreeMap<>();
    /** Per symbol, an entry that met another entry on its way: decided once that one settles. */
    private final Map<String, Signal> waitingEntries = new TreeMap<>();
    private final Set<String> entryInFlight = new TreeSet<>();
    /** Post-only limit entries on the book by orderLinkId, counted in closed candles towards their time in force. */
    private final Map<String, RestingLimit> restingLimits = new LinkedHashMap<>();
    private final Set<String> closeInFlight = new TreeSet<>();
    private final Set<String> leverageSet = new TreeSet<>();
    private final Map<String, Integer> denialsByReason = new TreeMap<>();
    private int submitted;
    private int denied;
    private int rejected;
    /** Ids of the fills applied (the most recent ones): a fill is applied exactly once, stream or REST. */
    private final Set<String> seenFills = new LinkedHashSet<>();
    /** Venue time of the latest fill applied: a restarted node reads the fills made since. */
    private long lastFillMs;
    /**
     * Progress of the start-up reconciliation (fills, then positions, then open orders); null outside it.
     * Session state, not a fact: every start reconciles afresh.
     */
    private Recovery recovery;

    /** What the start-up reconciliation found, for its one summary line. */
    private static final class Recovery {
        final List<AccountEvent.Execution> fills = new ArrayList<>();
        int fillsApplied;
        int positions;
        int unowned;
        int forgotten;
        int openOrders;
        int adopted;
        /** Orders on their way at the restart whose look-up has not been answered yet. */
        final Set<String> lookingUp = new TreeSet<>();
        int lookedUp;
        int foundFilled;
        int foundResting;
        int neverPlaced;
        /** Symbols of entries found filled: free again once the positions read has shown (or not) their position. */
        final Set<String> filledEntries = new TreeSet<>();
        /** Signals that arrived during the reconciliation, decided once it is done. */
        final List<Signal> deferred = new ArrayList<>();
        /** Symbols whose position is known only from fills made while down (opened after the last news of it). */
        final Set<String> fromFills = new TreeSet<>();
    }

    public ExecutionLedger(LedgerSettings settings, Map<String, InstrumentSpec> instruments) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.instruments = Map.copyOf(Objects.requireNonNull(instruments, "instruments"));
    }

    // ------------------------------------------------------------------ inputs

    /**
     * At start (after a replay of the journal, if any), reconcile with the venue: each order that was on its
     * way when the last session ended is looked up by its orderLinkId (filled: its fill names the position's
     * owner; resting: followed as ours; absent: it was never placed and its symbol is released; in every case
     * its id is never placed again), then the fills made since the last one applied (so each is applied
     * exactly once), then the open positions (unknown ones are adopted with no owner, known ones that are gone
     * are closed), then the open orders (unknown ones are adopted); one line then says what was recovered.
     */
    public Decision start() {
        Step step = new Step();
        List<OrderView> onTheirWay = orders.values().stream().filter(o -> OrderView.SENDING.equals(o.status()))
                .toList();
        long sending = onTheirWay.size();
        if (reconciling || sending > 0 || !entryInFlight.isEmpty() || !closeInFlight.isEmpty()
                || !reversalEntries.isEmpty() || !waitingEntries.isEmpty()) {
            // what was on its way when the last session ended: the answers will never come; the fills and
            // open orders read below tell what became of it
            step.note(Level.WARN, "Order execution: {} order(s) were on their way at the restart (entries in flight on {}, closes on {}); their outcome is taken from the exchange's fills, positions and open orders",
                    sending, entryInFlight, closeInFlight);
            step.emit(new SessionRestarted());
        }
        recovery = new Recovery();
        for (OrderView o : onTheirWay) {
            recovery.lookingUp.add(o.orderLinkId());
            if (o.kind() == Kind.ENTRY) {
                step.emit(new EntryLookupStarted(o.symbol()));
            }
            step.effect(new LedgerEffect.LookUpOrder(o.symbol(), o.orderLinkId()));
        }
        if (recovery.lookingUp.isEmpty()) {
            readFillsThenPositions(step);
        }
        return step.done();
    }

    private void readFillsThenPositions(Step step) {
        if (lastFillMs > 0) {
            step.effect(new LedgerEffect.ReadExecutions(lastFillMs, ""));
        } else {
            readPositions(step, true);
        }
    }

    /**
     * The answer to {@link LedgerEffect.LookUpOrder} for an order that was on its way at the restart.
     *
     * @param found   the venue's record of the order; empty when it holds none (it was never placed)
     * @param failure "" when the look-up succeeded; otherwise the order is left to the fills and positions read
     */
    public Decision onOrderLookedUp(String orderLinkId, Optional<AccountEvent.OrderUpdate> found, String failure) {
        Step step = new Step();
        if (recovery == null || !recovery.lookingUp.remove(orderLinkId)) {
            return step.done();
        }
        OrderView view = orders.get(orderLinkId);
        if (view != null) {
            recovery.lookedUp++;
            lookedUp(step, view, found, failure);
        }
        if (recovery.lookingUp.isEmpty()) {
            readFillsThenPositions(step);
        }
        return step.done();
    }

    private void lookedUp(Step step, OrderView view, Optional<AccountEvent.OrderUpdate> found, String failure) {
        String what = view.kind() + " order " + view.orderLinkId() + " (" + view.side() + " " + view.qty().toPlainString()
                + " " + view.symbol() + ")";
        if (!failure.isEmpty()) {
            step.note(Level.WARN, "{} was on its way at the restart and could not be looked up ({}); the fills and positions read tell what became of it; it is never sent again",
                    what, failure);
            if (view.kind() == Kind.ENTRY) {
                step.emit(new EntryLookupEnded(view.symbol()));
            }
            return;
        }
        if (found.isEmpty()) {
            recovery.neverPlaced++;
            step.note(Level.INFO, "{} was on its way at the restart and is not at the exchange: it was never placed; released, and never sent again",
                    what);
            step.emit(new OrderRejected(view.orderLinkId(), false, "not at the exchange after a restart"));
            afterFailedOrder(step, view, true);
            return;
        }
        AccountEvent.OrderUpdate o = found.get();
        step.emit(new OrderUpdated(view.orderLinkId(), o.orderStatus(), o.orderId(), o.cumExecQty(), o.avgPrice()));
        if (o.cumExecQty().signum() > 0) {
            recovery.foundFilled++;
            step.note(Level.INFO, "{} was on its way at the restart: found at the exchange, {} {} at {}",
                    what, o.orderStatus(), o.cumExecQty().toPlainString(), plain(o.avgPrice()));
            if (view.kind() == Kind.ENTRY) {
                entryFilled(step, view);
                if (view.protectOnFill() && o.avgPrice() != null && o.avgPrice().signum() > 0) {
                    protectFromFill(step, view, o.avgPrice());
                }
                recovery.filledEntries.add(view.symbol());
            }
        } else if (o.terminal()) {
            step.note(Level.INFO, "{} was on its way at the restart: found at the exchange, {} without a fill; released",
                    what, o.orderStatus());
            afterFailedOrder(step, view, true);
        } else {
            recovery.foundResting++;
            step.note(Level.INFO, "{} was on its way at the restart: found resting at the exchange ({}); followed as ours",
                    what, o.orderStatus());
        }
    }

    /**
     * A page of the answer to {@link LedgerEffect.ReadExecutions} (newest first, as venues list them).
     *
     * @param nextCursor "" on the last page
     * @param failure    "" when the read succeeded
     */
    public Decision onExecutionsRead(LedgerEffect.ReadExecutions asked, List<AccountEvent.Execution> page,
                                     String nextCursor, String failure, long nowMs) {
        Step step = new Step();
        if (recovery == null) {
            return step.done();
        }
        if (!failure.isEmpty()) {
            step.note(Level.WARN, "Order execution: could not read the fills since {} ({}); fills made while down are not applied, positions are read as they are",
                    asked.sinceMs(), failure);
        } else {
            recovery.fills.addAll(page);
            if (!nextCursor.isEmpty() && !page.isEmpty()) {
                step.effect(new LedgerEffect.ReadExecutions(asked.sinceMs(), nextCursor));
                return step.done();
            }
            List<AccountEvent.Execution> oldestFirst = new ArrayList<>(recovery.fills);
            java.util.Collections.reverse(oldestFirst);
            oldestFirst.sort(java.util.Comparator.comparingLong(AccountEvent.Execution::timeMs));
            for (AccountEvent.Execution x : oldestFirst) {
                if (!seenFills.contains(x.execId())) {
                    recovery.fillsApplied++;
                    PositionView held = positions.get(x.symbol());
                    boolean opens = x.closedSize().signum() == 0 && (held == null
                            || recovery.fromFills.contains(x.symbol()) && held.side() == x.side());
                    onExecution(step, x, nowMs);
                    if (opens) {
                        positionFromFill(step, x, held, nowMs);
                    }
                }
            }
        }
        readPositions(step, true);
        return step.done();
    }

    /**
     * A fill made while down opened (or added to) a position no news of which reached this node: the position
     * as the fills make it, so a trade opened and closed while down is a trade (its closing fill closes it and
     * Risk hears of it) and the owner its entry names is kept. The positions read that follows corrects it.
     */
    private void positionFromFill(Step step, AccountEvent.Execution x, PositionView held, long nowMs) {
        BigDecimal size = held == null ? x.qty() : held.size().add(x.qty());
        BigDecimal entry = held == null ? x.price() : held.entryPrice().multiply(held.size())
                .add(x.price().multiply(x.qty())).divide(size, 12, RoundingMode.HALF_EVEN).stripTrailingZeros();
        recovery.fromFills.add(x.symbol());
        onPositionUpdate(step, new AccountEvent.PositionUpdate(x.symbol(), x.side(), size, entry, x.price(), null, null,
                null, null, null, x.timeMs() > 0 ? x.timeMs() : nowMs), false, nowMs);
    }

    /**
     * A page of the answer to {@link LedgerEffect.ReadOpenOrders}. Policy for a resting order the ledger does
     * not know: it is adopted (recorded with no owner, its id never placed again, followed like ours), never
     * cancelled; a position's own TP/SL or trailing order ({@code stopOrderType} set) is TpSl's, not counted.
     */
    public Decision onOpenOrdersRead(List<AccountEvent.OrderUpdate> page, String nextCursor, String failure) {
        Step step = new Step();
        if (recovery == null) {
            return step.done();
        }
        if (!failure.isEmpty()) {
            step.note(Level.WARN, "Order execution: could not read the open orders at start ({}); orders placed before are followed only once the stream reports them",
                    failure);
            finishRecovery(step);
            return step.done();
        }
        for (AccountEvent.OrderUpdate o : page) {
            if (!o.stopOrderType().isEmpty()) {
                continue;
            }
            recovery.openOrders++;
            String id = o.orderLinkId().isEmpty() ? "order-" + o.orderId() : o.orderLinkId();
            OrderView known = orders.get(id);
            if (known != null) {
                step.emit(new OrderUpdated(id, o.orderStatus(), o.orderId(), o.cumExecQty(), o.avgPrice()));
                continue;
            }
            recovery.adopted++;
            step.emit(new OrderAdopted(new OrderView(id, o.symbol(), "", o.reduceOnly() ? Kind.EXIT : Kind.ENTRY,
                    o.side(), o.qty(), BigDecimal.ZERO, BigDecimal.ZERO, o.orderStatus(), o.orderId(), o.cumExecQty(),
                    o.avgPrice(), "adopted at start")));
            step.note(Level.WARN, "Open order {} {} {} {} ({}) was not placed by this node's journal: adopted, not cancelled",
                    id, o.side(), o.qty().toPlainString(), o.symbol(), o.orderStatus());
        }
        if (!nextCursor.isEmpty() && !page.isEmpty()) {
            step.effect(new LedgerEffect.ReadOpenOrders(nextCursor));
            return step.done();
        }
        finishRecovery(step);
        return step.done();
    }

    private void finishRecovery(Step step) {
        Recovery r = recovery;
        recovery = null;
        step.note(Level.INFO, "Order execution recovered {} position{}{}, {} open order{}{}, {} fill{} applied while down{}{}",
                r.positions, r.positions == 1 ? "" : "s", r.unowned > 0 ? " (" + r.unowned + " of unknown owner)" : "",
                r.openOrders, r.openOrders == 1 ? "" : "s", r.adopted > 0 ? " (" + r.adopted + " adopted)" : "",
                r.fillsApplied, r.fillsApplied == 1 ? "" : "s",
                r.lookedUp == 0 ? "" : "; " + r.lookedUp + (r.lookedUp == 1 ? " order on its way" : " orders on their way")
                        + " at the restart looked up (" + r.foundFilled + " filled, " + r.foundResting
                        + " resting, " + r.neverPlaced + " never placed)",
                r.forgotten > 0 ? "; " + r.forgotten + " position" + (r.forgotten == 1 ? "" : "s") + " closed while down" : "");
        for (Signal waiting : r.deferred) {
            signal(step, waiting);
        }
        presetLeverage(step);
    }

    /**
     * Sets each symbol's leverage now, ahead of its first entry, so that entry does not wait for a set-leverage round
     * trip (about 90 ms of a first order's 100 ms measured on loopback). An entry that comes first sets it itself.
     */
    private void presetLeverage(Step step) {
        for (Map.Entry<String, InstrumentSpec> e : new TreeMap<>(instruments).entrySet()) {
            if (!leverageSet.contains(e.getKey())) {
                step.effect(new LedgerEffect.PresetLeverage(e.getKey(), settings.leverage().min(e.getValue().maxLeverage())));
            }
        }
    }

    /** The answer to {@link LedgerEffect.PresetLeverage}; a failure leaves it to the symbol's first entry. */
    public Decision onLeveragePreset(LedgerEffect.PresetLeverage asked, boolean ok, String failure) {
        Step step = new Step();
        if (ok && !leverageSet.contains(asked.symbol())) {
            step.emit(new LeverageSet(asked.symbol()));
            step.note(Level.DEBUG, "Leverage of {} is {}x, set ahead of its first entry", asked.symbol(),
                    asked.leverage().toPlainString());
        } else if (!ok) {
            step.note(Level.INFO, "Could not set leverage {}x on {} ahead of its first entry ({}); the entry will set it",
                    asked.leverage().toPlainString(), asked.symbol(), failure);
        }
        return step.done();
    }

    /** A strategy's decision. */
    public Decision onSignal(Signal signal) {
        Step step = new Step();
        if (recovery != null) {
            // what the exchange holds is not known yet: an entry now could double a position opened before the
            // restart; the signal is decided once the start-up reconciliation has finished
            recovery.deferred.add(signal);
            step.note(Level.INFO, "{} {} {} {} waits for the start-up reconciliation", signal.strategy(), signal.kind(),
                    signal.side(), signal.symbol());
            return step.done();
        }
        signal(step, signal);
        return step.done();
    }

    private void signal(Step step, Signal signal) {
        String id = OrderLinkIds.of(signal);
        if (recentIntents.contains(id)) {
            step.note(Level.INFO, "Duplicate intent {} ({} {} {} {}) dropped: already handled", id, signal.strategy(),
                    signal.kind(), signal.side(), signal.symbol());
            return;
        }
        step.emit(new IntentRegistered(id));
        if (signal.kind() == Signal.Kind.EXIT) {
            exit(step, signal, id);
        } else {
            entry(step, signal, id);
        }
    }

    /**
     * Risk's answer to {@link LedgerEffect.AskRisk}.
     *
     * @param verdict null when Risk did not answer ({@code failure} says why); the intent is not retried
     */
    public Decision onVerdict(Signal signal, String orderLinkId, Verdict verdict, String failure) {
        Step step = new Step();
        if (verdict == null) {
            deny(step, signal, DenyReason.RISK_TIMEOUT, "no verdict from Risk (" + failure + "); the intent is not retried",
                    true);
        } else if (verdict instanceof Verdict.Denied d) {
            deny(step, signal, d.reason(), d.message(), true);
        } else {
            Verdict.Approved a = (Verdict.Approved) verdict;
            BigDecimal leverage = a.leverage().min(settings.leverage());
            if (leverageSet.contains(signal.symbol())) {
                place(step, signal, orderLinkId, a);
            } else {
                step.effect(new LedgerEffect.SetLeverage(signal, orderLinkId, a, leverage));
            }
        }
        return step.done();
    }

    /**
     * The answer to {@link LedgerEffect.SetLeverage}: the entry goes out either way (a failure leaves the
     * account's current leverage).
     */
    public Decision onLeverage(LedgerEffect.SetLeverage asked, boolean ok, String failure) {
        Step step = new Step();
        String symbol = asked.signal().symbol();
        if (ok) {
            step.emit(new LeverageSet(symbol));
            step.note(Level.INFO, "Leverage of {} is {}x", symbol, asked.leverage().toPlainString());
        } else {
            step.note(Level.WARN, "Could not set leverage {}x on {} ({}); the entry goes out at the account's current leverage",
                    asked.leverage().toPlainString(), symbol, failure);
        }
        place(step, asked.signal(), asked.orderLinkId(), asked.approved());
        return step.done();
    }

    /**
     * A candle of the symbol's finest timeframe closed ({@code candleStartMs} its start): each limit entry resting there
     * since before it uses one candle of its time in force; one whose time has run out is cancelled.
     */
    public Decision onCandleClosed(String symbol, long candleStartMs) {
        Step step = new Step();
        LedgerSettings.LimitEntries limit = settings.limit();
        for (Map.Entry<String, RestingLimit> e : List.copyOf(restingLimits.entrySet())) {
            RestingLimit r = e.getValue();
            OrderView view = orders.get(e.getKey());
            if (!r.symbol().equals(symbol) || r.expiring() || view == null || candleStartMs <= view.signalCandleMs()) {
                continue;
            }
            step.emit(new LimitCandleCounted(e.getKey()));
            step.effect(new LedgerEffect.TellRiskEntryResting(symbol));
            int candles = limit == null ? 1 : limit.candles();
            if (r.candlesSeen() + 1 >= candles) {
                boolean market = limit != null && limit.marketOnExpiry();
                step.emit(new LimitExpired(e.getKey(), false));
                step.effect(new LedgerEffect.Cancel(symbol, e.getKey()));
                step.note(Level.INFO, "Entry {} {} {} {} limit at {} not filled within {} candle{}: cancelling it{}",
                        view.strategy(), view.side(), view.qty().toPlainString(), symbol,
                        view.limitPrice().toPlainString(), candles, candles == 1 ? "" : "s",
                        market ? "; what is left of it goes at market" : "");
            }
        }
        return step.done();
    }

    /**
     * The venue's answer to {@link LedgerEffect.Cancel}. Its outcome comes with the order's own update on the stream;
     * a refused cancel is tried again at the next candle close.
     *
     * @param gone the venue holds no such open order any more (it filled or ended meanwhile): its update says how
     */
    public Decision onCancelAnswered(String orderLinkId, boolean ok, boolean gone, String failure) {
        Step step = new Step();
        RestingLimit r = restingLimits.get(orderLinkId);
        if (ok || gone || r == null) {
            return step.done();
        }
        step.emit(new LimitCancelFailed(orderLinkId));
        step.note(Level.WARN, "Cancel of limit entry {} on {} failed ({}); tried again at the next candle close",
                orderLinkId, r.symbol(), failure);
        return step.done();
    }

    /** Close every open position now (reduce-only market), e.g. on a Risk halt with flatten_on_halt. */
    public Decision flattenAll(String reason, long nowMs) {
        Step step = new Step();
        if (!reversalEntries.isEmpty()) {
            step.emit(new ReversalsCleared());
        }
        for (Map.Entry<String, RestingLimit> e : List.copyOf(restingLimits.entrySet())) {
            if (!e.getValue().expiring() || !e.getValue().withdrawn()) {
                // a limit entry filling after the halt would open what the flatten just closed
                step.emit(new LimitExpired(e.getKey(), true));
                step.effect(new LedgerEffect.Cancel(e.getValue().symbol(), e.getKey()));
                step.note(Level.WARN, "Flatten all ({}): cancelling limit entry {} on {}", reason, e.getKey(),
                        e.getValue().symbol());
            }
        }
        if (positions.isEmpty()) {
            step.note(Level.WARN, "Flatten all ({}): no open positions", reason);
            return step.done();
        }
        step.note(Level.WARN, "Flatten all ({}): closing {} position(s)", reason, positions.size());
        for (PositionView p : List.copyOf(positions.values())) {
            if (closeInFlight.contains(p.symbol())) {
                continue;
            }
            sendClose(step, p, OrderLinkIds.of(OWNER_FLATTEN, p.symbol(), nowMs, Kind.FLATTEN, p.side().opposite()),
                    Kind.FLATTEN, OWNER_FLATTEN);
        }
        return step.done();
    }

    /**
     * Close one symbol's position now (reduce-only market), an operator's decision; a reversal entry waiting on it is
     * dropped. Nothing to do when the symbol holds no position or its close is already on its way (said in a note).
     */
    public Decision flattenSymbol(String symbol, String reason, long nowMs) {
        Step step = new Step();
        PositionView p = positions.get(symbol);
        if (p == null) {
            step.note(Level.WARN, "Flatten {} ({}): no open position", symbol, reason);
            return step.done();
        }
        if (closeInFlight.contains(symbol)) {
            step.note(Level.WARN, "Flatten {} ({}): a close is already on its way", symbol, reason);
            return step.done();
        }
        if (reversalEntries.containsKey(symbol)) {
            step.emit(new ReversalEnded(symbol));
        }
        step.note(Level.WARN, "Flatten {} ({}): closing {} {}", symbol, reason, p.side(), p.size().toPlainString());
        sendClose(step, p, OrderLinkIds.of(OWNER_FLATTEN, symbol, nowMs, Kind.FLATTEN, p.side().opposite()),
                Kind.FLATTEN, OWNER_FLATTEN);
        return step.done();
    }

    /** The venue's answer to {@link LedgerEffect.Place}. */
    public Decision onPlacement(String orderLinkId, PlacementResult result, long nowMs) {
        Step step = new Step();
        OrderView view = orders.get(orderLinkId);
        if (view == null) {
            return step.done();
        }
        if (!OrderView.SENDING.equals(view.status())) {
            // the stream reported the order before the answer arrived: that report is the truth
            step.note(Level.DEBUG, "Order {}: placement answer ({}) after the stream reported {}", orderLinkId,
                    describe(result), view.status());
            return step.done();
        }
        if (result instanceof PlacementResult.Accepted ok) {
            step.emit(new OrderAcknowledged(orderLinkId, ok.orderId(), view.detail()));
            step.note(Level.DEBUG, "Order {} accepted as {}", orderLinkId, ok.orderId());
            return step.done();
        }
        if (result instanceof PlacementResult.Rejected r && r.reason() == RejectReason.DUPLICATE) {
            // an earlier attempt of this very intent landed: that is the order
            step.emit(new OrderAcknowledged(orderLinkId, "", "duplicate orderLinkId: placed earlier"));
            return step.done();
        }
        if (view.kind() != Kind.ENTRY && result instanceof PlacementResult.Rejected r
                && r.reason() == RejectReason.REDUCE_ONLY_NOT_SATISFIED) {
                    // the venue has no position to reduce: it closed it (TP/SL/trailing) before our close arrived
            step.emit(new OrderRejected(orderLinkId, false, describe(result)));
            step.note(Level.INFO, "{} order {} on {}: the exchange holds no such position to reduce ({}); treating {} as flat and re-reading positions",
                    view.kind(), orderLinkId, view.symbol(), r.detail(), view.symbol());
            PositionView held = positions.get(view.symbol());
            if (held != null && !held.strategy().isEmpty()) {
                step.emit(new OwnerRemembered(held.symbol(), held.strategy()));
            }
            closePosition(step, view.symbol(), nowMs, BigDecimal.ZERO);
            readPositions(step, false);
            return step.done();
        }
        if (view.kind() == Kind.ENTRY && result instanceof PlacementResult.Rejected r
                && r.reason() == RejectReason.PROTECTION_REJECTED && !view.protectOnFill() && anchorable(view)) {
            // the market moved past a level since the signal: enter anyway, and protect from the fill at once
            step.emit(new EntryResentBare(orderLinkId, r.detail()));
            step.note(Level.WARN, "Entry {} {} {} {}: the exchange refused its TP {} / SL {} against its price ({});"
                    + " sending it without them, they follow from the fill", orderLinkId, view.side(),
                    view.qty().toPlainString(), view.symbol(), plain(view.takeProfit()), plain(view.stopLoss()),
                    r.detail());
            step.effect(new LedgerEffect.Place(view.limitOrder()
                    ? OrderTicket.openLimit(view.symbol(), view.side(), view.qty(), view.limitPrice(), orderLinkId, null,
                            null)
                    : OrderTicket.open(view.symbol(), view.side(), view.qty(), orderLinkId, null, null)));
            return step.done();
        }
        boolean unknown = result instanceof PlacementResult.Unknown;
        step.emit(new OrderRejected(orderLinkId, unknown, describe(result)));
        step.note(Level.WARN, "{} order {} {} {} {} {}: {}", view.kind(), orderLinkId, view.side(),
                view.qty().toPlainString(), view.symbol(), unknown ? "outcome unknown (not retried)" : "rejected",
                describe(result));
        afterFailedOrder(step, view, !unknown);
        return step.done();
    }

    /**
     * An account event other than an order update (see {@link #onOrderUpdate}); wallet updates are not
     * the ledger's business.
     */
    public Decision onAccount(AccountEvent event, long nowMs) {
        Step step = new Step();
        if (event instanceof AccountEvent.OrderUpdate o) {
            throw new IllegalArgumentException("order updates go to onOrderUpdate with their end reason: " + o.orderLinkId());
        } else if (event instanceof AccountEvent.Execution x) {
            onExecution(step, x, nowMs);
        } else if (event instanceof AccountEvent.PositionUpdate p) {
            onPositionUpdate(step, p, true, nowMs);
        }
        return step.done();
    }

    /**
     * The stream reported one of our orders.
     *
     * @param endReason why the venue ended it, when it did so without a fill (null when it did not say, or
     *                  the order is live); a venue adapter maps its reject strings to this
     */
    public Decision onOrderUpdate(AccountEvent.OrderUpdate o, RejectReason endReason) {
        Step step = new Step();
        OrderView view = orders.get(o.orderLinkId());
        if (view == null) {
            return step.done();
        }
        RestingLimit resting = restingLimits.get(view.orderLinkId()); // a terminal update below ends it
        step.emit(new OrderUpdated(view.orderLinkId(), o.orderStatus(), o.orderId(), o.cumExecQty(), o.avgPrice()));
        if (view.kind() == Kind.ENTRY && o.cumExecQty().signum() > 0) {
            entryFilled(step, view);
            if (view.protectOnFill() && o.avgPrice() != null && o.avgPrice().signum() > 0) {
                protectFromFill(step, view, o.avgPrice());
            }
        }
        if (resting != null && o.terminal() && o.cumExecQty().compareTo(view.qty()) < 0
                && (resting.expiring() || endReason == RejectReason.POST_ONLY_WOULD_TAKE)) {
            limitEnded(step, view, resting, o, endReason == RejectReason.POST_ONLY_WOULD_TAKE);
            return step.done();
        }
        boolean endedEmpty = o.terminal() && o.cumExecQty().signum() == 0;
        if (endedEmpty && view.kind() != Kind.ENTRY && endReason == RejectReason.REDUCE_ONLY_NOT_SATISFIED) {
            // the stream's form of a reduce-only refusal: the position was closed on the venue (TP/SL/trailing)
            // before our close filled; its closing fill and flat update are on their way (a reversal entry
            // keeps waiting for them)
            step.note(Level.INFO, "{} order {} on {} ended {} without a fill ({}): the exchange holds no such position to reduce; re-reading positions",
                    view.kind(), view.orderLinkId(), view.symbol(), o.orderStatus(), o.rejectReason());
            step.emit(new CloseSettled(view.symbol()));
            readPositions(step, false);
            return step.done();
        }
        if (endedEmpty) {
            step.note(Level.WARN, "{} order {} on {} ended {} without a fill{}", view.kind(), view.orderLinkId(),
                    view.symbol(), o.orderStatus(), endReason == null ? "" : ": " + o.rejectReason());
            afterFailedOrder(step, view, true);
        }
        return step.done();
    }

    /**
     * A limit entry left the book short of its quantity: its time in force ran out, its strategy withdrew it, or (post
     * only) the market had already crossed its price. The unfilled rest goes at market when so configured (not after a
     * withdrawal); otherwise an entry that filled nothing releases the symbol, and one that filled a part keeps the
     * position it opened.
     */
    private void limitEnded(Step step, OrderView view, RestingLimit resting, AccountEvent.OrderUpdate o,
                            boolean crossed) {
        InstrumentSpec spec = instruments.get(view.symbol());
        BigDecimal rest = spec.roundQtyDown(view.qty().subtract(o.cumExecQty()));
        boolean market = settings.limit() != null && settings.limit().marketOnExpiry() && !resting.withdrawn()
                && rest.compareTo(spec.minOrderQty()) >= 0;
        String why = crossed ? "post-only, and the market had already crossed its price"
                : resting.withdrawn() ? "its strategy exited before it filled" : "its time in force ran out";
        String filled = o.cumExecQty().signum() == 0 ? "unfilled" : o.cumExecQty().toPlainString() + " filled";
        if (market) {
            String id = OrderLinkIds.of(view.strategy(), view.symbol(), o.timeMs() > 0 ? o.timeMs() : view.signalCandleMs() + 1,
                    Kind.ENTRY, view.side());
            step.emit(new IntentRegistered(id));
            step.emit(new OrderSent(new OrderView(id, view.symbol(), view.strategy(), Kind.ENTRY, view.side(), rest,
                    view.takeProfit(), view.stopLoss(), OrderView.SENDING, "", BigDecimal.ZERO, BigDecimal.ZERO,
                    "rest of limit entry " + view.orderLinkId() + " at market", view.referencePrice(), false)));
            step.effect(new LedgerEffect.Place(OrderTicket.open(view.symbol(), view.side(), rest, id,
                    view.takeProfit().signum() > 0 ? view.takeProfit() : null,
                    view.stopLoss().signum() > 0 ? view.stopLoss() : null)));
            step.note(Level.INFO, "Limit entry {} on {} ended {} ({}): {} {} {} goes at market [{}]", view.orderLinkId(),
                    view.symbol(), filled, why, view.side(), rest.toPlainString(), view.symbol(), id);
            return;
        }
        step.note(Level.INFO, "Limit entry {} on {} ended {} ({}){}", view.orderLinkId(), view.symbol(), filled, why,
                o.cumExecQty().signum() == 0 ? "; the symbol is free for the next entry" : "; the position keeps what filled");
        if (o.cumExecQty().signum() == 0) {
            if (!resting.withdrawn()) {
                step.emit(new EntryDenied(view.symbol(), DenyReason.LIMIT_NOT_FILLED.name(), false));
            }
            afterFailedOrder(step, view, true);
        }
    }

    /** The answer to {@link LedgerEffect.ReadPositions}. */
    public Decision onPositionsRead(PositionsRead read, long nowMs) {
        Step step = new Step();
        if (!read.startUp()) {
            step.emit(new ReconcileEnded());
        }
        Map<String, String> owners = new HashMap<>(forgottenOwners);
        if (!forgottenOwners.isEmpty()) {
            step.emit(new ForgottenOwnersCleared());
        }
        if (!read.succeeded()) {
            step.note(Level.WARN, read.startUp()
                            ? "Order execution: could not read open positions at start ({}); exits of positions opened before are ignored until the stream reports them"
                            : "Order execution: could not re-read positions ({}); the stream will correct them",
                    read.failure());
            continueRecovery(step, read);
            return step.done();
        }
        Set<String> listed = new TreeSet<>();
        for (AccountEvent.PositionUpdate row : read.open()) {
            String symbol = row.symbol();
            if (streamNewerThan(symbol, read.newsAtRead())) {
                continue;
            }
            listed.add(symbol);
            String owner = owners.get(symbol);
            if (owner != null && !positions.containsKey(symbol) && !pendingOwnerBySymbol.containsKey(symbol)) {
                // still open after a reduce-only refusal made us forget it: it keeps its owner
                step.emit(new OwnerPending(symbol, owner));
            }
            onPositionUpdate(step, row, false, nowMs);
        }
        if (!read.startUp()) {
            for (String symbol : listed) {
                if (reversalEntries.containsKey(symbol) && !closeInFlight.contains(symbol)) {
                    Signal waiting = reversalEntries.get(symbol);
                    step.emit(new ReversalEnded(symbol));
                    step.note(Level.WARN, "Reversal entry {} {} on {} dropped: its close failed and the position is still open",
                            waiting.strategy(), waiting.side(), symbol);
                }
            }
        }
        // at start these are positions of the journal that closed while the node was down
        for (String symbol : List.copyOf(positions.keySet())) {
            if (!listed.contains(symbol) && !streamNewerThan(symbol, read.newsAtRead())) {
                step.note(Level.INFO, "Position {} is no longer open on the exchange: forgotten", symbol);
                closePosition(step, symbol, nowMs, BigDecimal.ZERO);
                if (read.startUp() && recovery != null) {
                    recovery.forgotten++;
                }
            }
        }
        continueRecovery(step, read);
        return step.done();
    }

    /** After the start-up positions read: count what it found and read the open orders. */
    private void continueRecovery(Step step, PositionsRead read) {
        if (!read.startUp() || recovery == null) {
            return;
        }
        recovery.positions = positions.size();
        recovery.unowned = (int) positions.values().stream().filter(p -> p.strategy().isEmpty()).count();
        for (String symbol : recovery.filledEntries) {
            if (entryInFlight.contains(symbol)) {
                // its position is gone already (closed while down): nothing holds the symbol any more
                step.emit(new EntryLookupEnded(symbol));
            }
        }
        step.effect(new LedgerEffect.ReadOpenOrders(""));
    }

    // ------------------------------------------------------------------ rules

    private void entry(Step step, Signal signal, String id) {
        String symbol = signal.symbol();
        InstrumentSpec spec = instruments.get(symbol);
        if (spec == null) {
            deny(step, signal, DenyReason.UNKNOWN_INSTRUMENT, "no instrument rules for " + symbol, false);
            return;
        }
        PositionView held = positions.get(symbol);
        if (ExecutionRules.entryAction(owner(held), side(held), signal) == ExecutionRules.EntryAction.REVERSE_FIRST) {
            if (closeInFlight.contains(symbol)) {
                step.note(Level.INFO, "Reversal {} {} on {} ignored: a close of the position is already on its way",
                        signal.strategy(), signal.side(), symbol);
                return;
            }
            String closeId = OrderLinkIds.reversalClose(signal);
            if (recentIntents.contains(closeId)) {
                return;
            }
            step.emit(new IntentRegistered(closeId));
            step.note(Level.INFO, "Reversal on {}: {} closes its {} {} before entering {}", symbol, signal.strategy(),
                    held.side(), held.size().toPlainString(), signal.side());
            step.emit(new ReversalStarted(signal));
            sendClose(step, held, closeId, Kind.REVERSAL_CLOSE, signal.strategy());
            return;
        }
        askRisk(step, signal, id, spec);
    }

    private void askRisk(Step step, Signal signal, String id, InstrumentSpec spec) {
        if (entryInFlight.contains(signal.symbol())) {
            Signal waiting = waitingEntries.get(signal.symbol());
            if (waiting != null) {
                deny(step, signal, DenyReason.ENTRY_IN_FLIGHT, "an entry on " + signal.symbol() + " is on its way and "
                        + waiting.strategy() + "'s " + waiting.side() + " already waits for it", false);
                return;
            }
            step.emit(new EntryWaiting(signal));
            step.note(Level.INFO, "Entry {} {} {} waits: another entry on {} is on its way; decided once it settles",
                    signal.strategy(), signal.side(), signal.symbol(), signal.symbol());
            return;
        }
        step.emit(new RiskAsked(signal.symbol()));
        // Risk must know how the last trade on the symbol ended (cooldown) before it judges the next entry
        reportClosedTrade(step, signal.symbol());
        step.effect(new LedgerEffect.AskRisk(signal, id, spec));
    }

    private void place(Step step, Signal signal, String id, Verdict.Approved approved) {
        InstrumentSpec spec = instruments.get(signal.symbol());
        Optional<OrderTicket> built = EntryTickets.market(signal, approved.qty(), spec, settings.stopLossPct(),
                settings.takeProfitPct(), id);
        if (settings.limit() != null && built.isPresent()) {
            built = Optional.of(EntryTickets.asLimit(built.get(), signal, spec, settings.limit().offsetTicks()));
        }
        if (built.isEmpty()) {
            deny(step, signal, DenyReason.QTY_BELOW_MIN, "approved qty " + approved.qty().toPlainString() + " rounds to 0",
                    true);
            return;
        }
        OrderTicket t = built.get();
        step.emit(new OrderSent(new OrderView(id, signal.symbol(), signal.strategy(), Kind.ENTRY, t.side(), t.qty(),
                orZero(t.takeProfit()), orZero(t.stopLoss()), OrderView.SENDING, "", BigDecimal.ZERO, BigDecimal.ZERO,
                signal.reason(), referencePrice(signal), false, t.limitPrice(), signal.candleStartMs())));
        step.effect(new LedgerEffect.Place(t));
        step.note(Level.INFO, "Entry {} {} {} {}{} (~{} USDT) SL {} TP {} [{}] {}", signal.strategy(), t.side(),
                t.qty().toPlainString(), signal.symbol(), t.limitOrder() ? " post-only limit at " + t.limitPrice().toPlainString()
                        + " for " + settings.limit().candles() + " candle(s)" : "",
                approved.notional().setScale(2, RoundingMode.HALF_UP).toPlainString(), plain(t.stopLoss()),
                plain(t.takeProfit()), id, signal.reason());
    }

    private void exit(Step step, Signal signal, String id) {
        PositionView held = positions.get(signal.symbol());
        ClosingTrade last = lastClosedBySymbol.get(signal.symbol());
        if (held == null && last != null && last.position().side() == signal.side()
                && last.position().strategy().equals(signal.strategy()) && last.timeMs() >= signal.candleStartMs()) {
            // the exchange's stop or target closed it during the candle this exit was decided on
            step.note(Level.INFO, "Exit {} {} {}: already closed on the exchange at {} (its stop or target), on the"
                    + " candle the exit was decided on", signal.strategy(), signal.side(), signal.symbol(),
                    java.time.Instant.ofEpochMilli(last.timeMs()));
            return;
        }
        if (held == null && withdrawLimit(step, signal)) {
            return;
        }
        if (held == null || held.side() != signal.side()) {
            step.note(Level.INFO, "Exit {} {} {} ignored: no such position open{}", signal.strategy(), signal.side(),
                    signal.symbol(), held == null ? "" : " (it is " + held.side() + ")");
            return;
        }
        if (!ExecutionRules.mayClose(held.strategy(), signal.strategy())) {
            step.note(Level.INFO, "Exit {} on {} ignored: the position belongs to {}", signal.strategy(),
                    signal.symbol(), held.strategy());
            return;
        }
        if (closeInFlight.contains(signal.symbol())) {
            step.note(Level.INFO, "Exit {} {} {} ignored: a close of the position is already on its way",
                    signal.strategy(), signal.side(), signal.symbol());
            return;
        }
        step.note(Level.INFO, "Exit {} {} {} {} [{}] {}", signal.strategy(), held.side(), held.size().toPlainString(),
                signal.symbol(), id, signal.reason());
        sendClose(step, held, id, Kind.EXIT, signal.strategy());
    }

    /** An exit of a strategy whose limit entry on the symbol has not filled yet: the entry is cancelled instead. */
    private boolean withdrawLimit(Step step, Signal exit) {
        for (Map.Entry<String, RestingLimit> e : restingLimits.entrySet()) {
            OrderView view = orders.get(e.getKey());
            if (view != null && !e.getValue().expiring() && view.symbol().equals(exit.symbol())
                    && view.strategy().equals(exit.strategy()) && view.side() == exit.side()) {
                step.emit(new LimitExpired(e.getKey(), true));
                step.effect(new LedgerEffect.Cancel(exit.symbol(), e.getKey()));
                step.note(Level.INFO, "Exit {} {} {}: its limit entry {} has not filled; cancelling it", exit.strategy(),
                        exit.side(), exit.symbol(), e.getKey());
                return true;
            }
        }
        return false;
    }

    private void sendClose(Step step, PositionView held, String id, Kind kind, String strategy) {
        Side side = held.side().opposite();
        step.emit(new OrderSent(new OrderView(id, held.symbol(), strategy, kind, side, held.size(), BigDecimal.ZERO,
                BigDecimal.ZERO, OrderView.SENDING, "", BigDecimal.ZERO, BigDecimal.ZERO, "")));
        step.effect(new LedgerEffect.Place(OrderTicket.close(held.symbol(), side, held.size(), id)));
    }

    /** @param known the order surely did not open a position (an unknown outcome may still fill) */
    private void afterFailedOrder(Step step, OrderView view, boolean known) {
        if (view.kind() == Kind.REVERSAL_CLOSE && reversalEntries.containsKey(view.symbol())) {
            Signal waiting = reversalEntries.get(view.symbol());
            step.note(Level.WARN, "Reversal entry {} {} on {} dropped: its close failed", waiting.strategy(),
                    waiting.side(), view.symbol());
        }
        step.emit(new OrderFailed(view.orderLinkId()));
        if (view.kind() == Kind.ENTRY && known) {
            step.effect(new LedgerEffect.TellRiskEntryEnded(view.symbol()));
        }
        if (view.kind() != Kind.ENTRY && known) {
            step.effect(new LedgerEffect.CloseFailed(view.symbol(), view.kind().name(), view.orderLinkId()));
        }
    }

    private void deny(Step step, Signal signal, DenyReason reason, String message, boolean releases) {
        step.emit(new EntryDenied(signal.symbol(), reason.name(), releases));
        if (releases) {
            step.effect(new LedgerEffect.TellRiskEntryEnded(signal.symbol()));
        }
        step.note(Level.INFO, "Entry {} {} {} denied: {} ({})", signal.strategy(), signal.side(), signal.symbol(),
                reason, message);
    }

    /**
     * Our entry {@code view} filled (at least partly): its strategy owns the position it opens, whichever of
     * the order update, the fill and the position update arrives first.
     */
    private void entryFilled(Step step, OrderView view) {
        String symbol = view.symbol();
        PositionView held = positions.get(symbol);
        if (held == null) {
            if (!view.strategy().equals(pendingOwnerBySymbol.get(symbol))) {
                step.emit(new OwnerPending(symbol, view.strategy()));
            }
        } else if (held.strategy().isEmpty() && held.side() == view.side()) {
            step.emit(new PositionAdopted(symbol, view.strategy()));
            step.note(Level.INFO, "Position {} {} {} belongs to {}: its entry {} filled", held.side(),
                    held.size().toPlainString(), symbol, view.strategy(), view.orderLinkId());
        }
    }

    /**
     * A bare entry (its TP/SL refused against the venue's price) filled at {@code fill}: its levels are the signal's
     * distances applied to the fill, rounded away from the market like the entry's own, set at once.
     */
    private void protectFromFill(Step step, OrderView view, BigDecimal fill) {
        InstrumentSpec spec = instruments.get(view.symbol());
        boolean buy = view.side() == Side.BUY;
        BigDecimal ref = view.referencePrice();
        BigDecimal tp = view.takeProfit().signum() > 0 ? anchored(spec, fill.add(view.takeProfit().subtract(ref)),
                buy ? RoundingMode.CEILING : RoundingMode.FLOOR) : null;
        BigDecimal sl = view.stopLoss().signum() > 0 ? anchored(spec, fill.add(view.stopLoss().subtract(ref)),
                buy ? RoundingMode.FLOOR : RoundingMode.CEILING) : null;
        step.emit(new EntryProtectionSent(view.orderLinkId()));
        if (tp == null && sl == null) {
            step.note(Level.WARN, "Entry {} on {} filled at {}: no TP/SL could be anchored to the fill; TpSl's watchdog"
                    + " protects it", view.orderLinkId(), view.symbol(), fill.toPlainString());
            return;
        }
        step.effect(new LedgerEffect.ProtectPosition(view.symbol(), view.orderLinkId(), tp, sl));
        step.note(Level.INFO, "Entry {} on {} filled at {}: setting TP {} SL {} (the signal's distances from the fill)",
                view.orderLinkId(), view.symbol(), fill.toPlainString(), plain(tp), plain(sl));
    }

    private static BigDecimal anchored(InstrumentSpec spec, BigDecimal level, RoundingMode mode) {
        BigDecimal rounded = spec.roundPrice(level, mode);
        return rounded.signum() > 0 ? rounded : null;
    }

    /** The signal's price, which the entry's levels were set from; null when it is not a usable price. */
    private static BigDecimal referencePrice(Signal s) {
        double ref = s.referencePrice();
        return ref > 0 && !Double.isInfinite(ref) ? BigDecimal.valueOf(ref) : null;
    }

    /** An entry whose levels can be moved to its fill: its reference price is known and it had a level. */
    private static boolean anchorable(OrderView v) {
        return v.referencePrice() != null && v.referencePrice().signum() > 0
                && (v.takeProfit().signum() > 0 || v.stopLoss().signum() > 0);
    }

    private void onExecution(Step step, AccountEvent.Execution x, long nowMs) {
        String symbol = x.symbol();
        if (!x.execId().isEmpty() && seenFills.contains(x.execId())) {
            step.note(Level.DEBUG, "Fill {} on {} already applied: ignored", x.execId(), symbol);
            return;
        }
        if (!x.orderLinkId().isEmpty() && !recentIntents.contains(x.orderLinkId())) {
            // an order of ours (placed before a restart, or by an earlier attempt): never placed again
            step.emit(new IntentRegistered(x.orderLinkId()));
        }
        step.note(Level.INFO, "Fill {} {} {} @ {} fee {} [{}]", x.side(), x.qty().toPlainString(), symbol,
                x.price().toPlainString(), x.fee().toPlainString(), x.orderLinkId());
        OrderView ours = x.orderLinkId().isEmpty() ? null : orders.get(x.orderLinkId());
        if (ours != null && ours.kind() == Kind.ENTRY) {
            entryFilled(step, ours);
            if (ours.protectOnFill()) {
                protectFromFill(step, ours, x.price());
            }
        }
        boolean closing = x.closedSize().signum() > 0;
        PositionView held = positions.get(symbol);
        ClosingTrade closed = closingBySymbol.get(symbol);
        if (closed != null) {
            if (closing && held == null) {
                // a closing fill delivered after its position's flat update: it belongs to that trade
                step.emit(new FillApplied(x));
                if (closingBySymbol.get(symbol).complete()) {
                    reportClosedTrade(step, symbol);
                }
                return;
            }
            // a new trade has begun: the last one's missing fills are not coming
            reportClosedTrade(step, symbol);
        }
        step.emit(new FillApplied(x));
        if (closing && held != null && x.side() == held.side().opposite()
                && closedSinceUpdate.get(symbol).compareTo(held.size()) >= 0) {
                    // the whole position is gone (its TP/SL or trailing stop, or our close): forget it now, an exit
            // sent before the flat update arrives would be refused as reduce-only
            step.emit(new ClosedByFill(symbol, x.timeMs()));
            closePosition(step, symbol, x.timeMs() > 0 ? x.timeMs() : nowMs, BigDecimal.ZERO);
        }
    }

    /**
     * @param fromStream false for a REST row, which is current when it arrives (its time is our clock's)
     */
    private void onPositionUpdate(Step step, AccountEvent.PositionUpdate p, boolean fromStream, long nowMs) {
        String symbol = p.symbol();
        if (!p.open()) {
            step.emit(new FlatReported(symbol, fromStream));
            closePosition(step, symbol, p.timeMs() > 0 ? p.timeMs() : nowMs, p.curRealisedPnl());
            return;
        }
        Long closedAt = closedByFillAtMs.get(symbol);
        if (fromStream && closedAt != null && p.timeMs() > 0 && p.timeMs() < closedAt) {
            step.emit(new StaleUpdateIgnored(symbol, fromStream));
            step.note(Level.DEBUG, "Position update of {} from before the fill that closed it: ignored", symbol);
            return;
        }
        PositionView before = positions.get(symbol);
        boolean samePosition = before != null && before.side() == p.side();
        String owner = samePosition ? before.strategy() : "";
        boolean fromPending = false;
        if (owner.isEmpty() && pendingOwnerBySymbol.containsKey(symbol)) {
            owner = pendingOwnerBySymbol.get(symbol);
            fromPending = true;
        }
        if (!samePosition) {
            // a new trade begins: the last one's missing closing fills are not coming
            reportClosedTrade(step, symbol);
        }
        long openedMs = samePosition && before.openedMs() > 0 ? before.openedMs() : p.timeMs();
        step.emit(new PositionReported(new PositionView(symbol, owner, p.side(), p.size(), p.entryPrice(), p.stopLoss(),
                p.takeProfit(), p.timeMs(), openedMs), fromStream, fromPending));
        if (!samePosition) {
            step.note(Level.INFO, "Position open: {} {} {} @ {} ({})", p.side(), p.size().toPlainString(), symbol,
                    p.entryPrice().toPlainString(), owner.isEmpty() ? "owner unknown" : owner);
        }
    }

    /** The symbol is flat now: forget its position; Risk hears of the trade once its closing fills are in. */
    private void closePosition(Step step, String symbol, long timeMs, BigDecimal fallbackPnl) {
        boolean held = positions.containsKey(symbol);
        if (held) {
            reportClosedTrade(step, symbol);
        }
        step.emit(new PositionClosed(symbol, timeMs, fallbackPnl));
        if (held) {
            if (closingBySymbol.get(symbol).complete()) {
                reportClosedTrade(step, symbol);
            } else {
                step.note(Level.DEBUG, "Position {} closed; waiting for its closing fills", symbol);
            }
        }
        Signal waiting = reversalEntries.get(symbol);
        if (waiting != null) {
            step.emit(new ReversalEnded(symbol));
            // Risk hears of the close from the account feed too, but possibly after our question: tell it
            // first (same sender, so in order), or the reversal entry is denied POSITION_EXISTS. Only here:
            // in general a flat update from us could overtake the feed's update of the next position.
            step.effect(new LedgerEffect.TellRiskFlat(symbol, timeMs));
            askRisk(step, waiting, OrderLinkIds.of(waiting), instruments.get(symbol));
        }
    }

    /** Tells Risk how the symbol's last closed trade ended, if it has not heard yet. */
    private void reportClosedTrade(Step step, String symbol) {
        ClosingTrade c = closingBySymbol.get(symbol);
        if (c == null) {
            return;
        }
        BigDecimal pnl = c.pnl();
        step.emit(new TradeClosed(symbol, pnl, c.timeMs(), c.complete()));
        PositionView p = c.position();
        step.note(Level.INFO, "Position closed: {} {} {} net {} USDT{}", p.side(), p.size().toPlainString(), p.symbol(),
                pnl.setScale(2, RoundingMode.HALF_UP).toPlainString(), c.complete() ? "" : " (not all closing fills seen)");
        step.effect(new LedgerEffect.TellRiskTradeClosed(symbol, pnl, c.timeMs()));
    }

    /** Reads the open positions; at start, and to reconcile after a surprise (a reduce-only refusal). */
    private void readPositions(Step step, boolean startUp) {
        if (!startUp) {
            if (reconciling) {
                return;
            }
            step.emit(new ReconcileStarted());
        }
        step.effect(new LedgerEffect.ReadPositions(Map.copyOf(positionNewsBySymbol), startUp));
    }

    private boolean streamNewerThan(String symbol, Map<String, Long> newsAtRead) {
        return !positionNewsBySymbol.getOrDefault(symbol, 0L).equals(newsAtRead.getOrDefault(symbol, 0L));
    }

    // ------------------------------------------------------------------ facts

    /** Applies one fact. The only place the state changes; decides nothing. */
    public void apply(LedgerEvent event) {
        if (event instanceof IntentRegistered e) {
            recentIntents.add(e.orderLinkId());
            if (recentIntents.size() > settings.rememberedIntents()) {
                recentIntents.remove(recentIntents.iterator().next());
            }
        } else if (event instanceof EntryDenied e) {
            denied++;
            denialsByReason.merge(e.reason(), 1, Integer::sum);
            if (e.releasesSymbol()) {
                entryInFlight.remove(e.symbol());
            }
        } else if (event instanceof RiskAsked e) {
            entryInFlight.add(e.symbol());
        } else if (event instanceof ReversalStarted e) {
            reversalEntries.put(e.entry().symbol(), e.entry());
        } else if (event instanceof EntryWaiting e) {
            waitingEntries.put(e.entry().symbol(), e.entry());
        } else if (event instanceof EntryWaitEnded e) {
            waitingEntries.remove(e.symbol());
        } else if (event instanceof ReversalEnded e) {
            reversalEntries.remove(e.symbol());
        } else if (event instanceof ReversalsCleared e) {
            reversalEntries.clear();
        } else if (event instanceof LeverageSet e) {
            leverageSet.add(e.symbol());
        } else if (event instanceof OrderSent e) {
            OrderView o = e.order();
            submitted++;
            orders.put(o.orderLinkId(), o);
            if (orders.size() > settings.rememberedIntents()) {
                orders.remove(orders.keySet().iterator().next());
            }
            if (o.kind() == Kind.ENTRY) {
                pendingOwnerBySymbol.put(o.symbol(), o.strategy());
                if (o.limitOrder()) {
                    restingLimits.put(o.orderLinkId(), new RestingLimit(o.symbol(), 0, false, false));
                }
            } else {
                closeInFlight.add(o.symbol());
            }
        } else if (event instanceof OrderAdopted e) {
            OrderView o = e.order();
            orders.put(o.orderLinkId(), o);
            recentIntents.add(o.orderLinkId());
        } else if (event instanceof OrderAcknowledged e) {
            orders.computeIfPresent(e.orderLinkId(), (k, o) -> o.withStatus("Accepted", e.orderId(), e.detail()));
        } else if (event instanceof OrderUpdated e) {
            orders.computeIfPresent(e.orderLinkId(),
                    (k, o) -> o.withFill(e.status(), e.orderId(), e.filledQty(), e.avgPrice()));
            if (AccountEvent.OrderUpdate.isTerminal(e.status())) {
                restingLimits.remove(e.orderLinkId());
            }
        } else if (event instanceof OrderRejected e) {
            rejected++;
            orders.computeIfPresent(e.orderLinkId(),
                    (k, o) -> o.withStatus(e.unknown() ? "Unknown" : "Rejected", o.orderId(), e.detail()));
        } else if (event instanceof OrderFailed e) {
            restingLimits.remove(e.orderLinkId());
            OrderView o = orders.get(e.orderLinkId());
            if (o != null && o.kind() == Kind.ENTRY) {
                entryInFlight.remove(o.symbol());
                // a fill seen later (its outcome was unknown) names the owner again
                pendingOwnerBySymbol.remove(o.symbol(), o.strategy());
            } else if (o != null) {
                closeInFlight.remove(o.symbol());
                if (o.kind() == Kind.REVERSAL_CLOSE) {
                    reversalEntries.remove(o.symbol());
                }
            }
        } else if (event instanceof EntryResentBare e) {
            orders.computeIfPresent(e.orderLinkId(), (k, o) -> o.withProtectOnFill(true, OrderView.SENDING,
                    "sent without TP/SL: " + e.detail()));
        } else if (event instanceof EntryProtectionSent e) {
            orders.computeIfPresent(e.orderLinkId(), (k, o) -> o.withProtectOnFill(false, o.status(), o.detail()));
        } else if (event instanceof OwnerPending e) {
            pendingOwnerBySymbol.put(e.symbol(), e.strategy());
        } else if (event instanceof PositionAdopted e) {
            positions.computeIfPresent(e.symbol(), (k, p) -> p.withStrategy(e.strategy()));
            pendingOwnerBySymbol.remove(e.symbol());
        } else if (event instanceof OwnerRemembered e) {
            forgottenOwners.put(e.symbol(), e.strategy());
        } else if (event instanceof ForgottenOwnersCleared e) {
            forgottenOwners.clear();
        } else if (event instanceof CloseSettled e) {
            closeInFlight.remove(e.symbol());
        } else if (event instanceof FillApplied e) {
            applyFill(e.fill());
        } else if (event instanceof ClosedByFill e) {
            closedByFillAtMs.put(e.symbol(), e.timeMs());
        } else if (event instanceof FlatReported e) {
            closedSinceUpdate.remove(e.symbol());
            closedByFillAtMs.remove(e.symbol());
            countNews(e.symbol(), e.fromStream());
        } else if (event instanceof StaleUpdateIgnored e) {
            closedSinceUpdate.remove(e.symbol());
            countNews(e.symbol(), e.fromStream());
        } else if (event instanceof PositionReported e) {
            PositionView p = e.position();
            closedSinceUpdate.remove(p.symbol());
            closedByFillAtMs.remove(p.symbol());
            countNews(p.symbol(), e.fromStream());
            if (e.ownerFromPending()) {
                pendingOwnerBySymbol.remove(p.symbol());
            }
            positions.put(p.symbol(), p);
            entryInFlight.remove(p.symbol());
        } else if (event instanceof PositionClosed e) {
            PositionView closed = positions.remove(e.symbol());
            closeInFlight.remove(e.symbol());
            closedSinceUpdate.remove(e.symbol());
            if (closed != null) {
                TradeTally trade = tradeBySymbol.remove(e.symbol());
                ClosingTrade closing = new ClosingTrade(closed, trade == null ? TradeTally.EMPTY : trade, e.timeMs(),
                        e.fallbackPnl());
                closingBySymbol.put(e.symbol(), closing);
                lastClosedBySymbol.put(e.symbol(), closing);
            }
        } else if (event instanceof TradeClosed e) {
            closingBySymbol.remove(e.symbol());
        } else if (event instanceof SessionRestarted e) {
            reconciling = false;
            entryInFlight.clear();
            closeInFlight.clear();
            reversalEntries.clear();
            waitingEntries.clear(); // decided on candles of the last session: too old now
            orders.replaceAll((k, o) -> OrderView.SENDING.equals(o.status())
                    ? o.withStatus("Unknown", o.orderId(), "on its way at a restart") : o);
        } else if (event instanceof EntryLookupStarted e) {
            entryInFlight.add(e.symbol());
        } else if (event instanceof EntryLookupEnded e) {
            entryInFlight.remove(e.symbol());
        } else if (event instanceof ReconcileStarted e) {
            reconciling = true;
        } else if (event instanceof ReconcileEnded e) {
            reconciling = false;
        } else if (event instanceof LimitCandleCounted e) {
            restingLimits.computeIfPresent(e.orderLinkId(), (k, r) -> r.counted());
        } else if (event instanceof LimitExpired e) {
            restingLimits.computeIfPresent(e.orderLinkId(), (k, r) -> r.expiring(e.withdrawn()));
        } else if (event instanceof LimitCancelFailed e) {
            restingLimits.computeIfPresent(e.orderLinkId(), (k, r) -> r.cancelFailed());
        } else {
            throw new IllegalArgumentException("unknown ledger event " + event);
        }
    }

    private void applyFill(AccountEvent.Execution x) {
        String symbol = x.symbol();
        if (!x.execId().isEmpty()) {
            seenFills.add(x.execId());
            if (seenFills.size() > settings.rememberedIntents()) {
                seenFills.remove(seenFills.iterator().next());
            }
        }
        lastFillMs = Math.max(lastFillMs, x.timeMs());
        boolean closing = x.closedSize().signum() > 0;
        countNews(symbol, closing);
        PositionView held = positions.get(symbol);
        ClosingTrade late = closingBySymbol.get(symbol);
        if (late != null && closing && held == null) {
            closingBySymbol.put(symbol, late.add(x));
            return;
        }
        tradeBySymbol.merge(symbol, TradeTally.EMPTY.add(x), (a, b) -> a.add(x));
        if (closing && held != null && x.side() == held.side().opposite()) {
            closedSinceUpdate.merge(symbol, x.closedSize(), BigDecimal::add);
        }
    }

    private void countNews(String symbol, boolean counts) {
        if (counts) {
            positionNewsBySymbol.merge(symbol, 1L, Long::sum);
        }
    }

    // ------------------------------------------------------------------ views

    /** A ledger in the state a {@link #snapshot()} recorded (a journal snapshot). */
    public static ExecutionLedger restore(LedgerSettings settings, Map<String, InstrumentSpec> instruments,
                                          LedgerSnapshot s) {
        ExecutionLedger l = new ExecutionLedger(settings, instruments);
        l.recentIntents.addAll(s.intents());
        s.orders().forEach(o -> l.orders.put(o.orderLinkId(), o));
        l.positions.putAll(s.positions());
        l.pendingOwnerBySymbol.putAll(s.pendingOwners());
        l.tradeBySymbol.putAll(s.trades());
        l.closingBySymbol.putAll(s.closing());
        l.closedSinceUpdate.putAll(s.closedSinceUpdate());
        l.closedByFillAtMs.putAll(s.closedByFillAtMs());
        l.positionNewsBySymbol.putAll(s.positionNews());
        l.forgottenOwners.putAll(s.forgottenOwners());
        l.reconciling = s.reconciling();
        l.reversalEntries.putAll(s.reversalEntries());
        l.entryInFlight.addAll(s.entriesInFlight());
        l.closeInFlight.addAll(s.closesInFlight());
        l.leverageSet.addAll(s.leverageSet());
        l.denialsByReason.putAll(s.denialsByReason());
        l.submitted = s.submitted();
        l.denied = s.denied();
        l.rejected = s.rejected();
        l.seenFills.addAll(s.seenFills());
        l.lastFillMs = s.lastFillMs();
        l.waitingEntries.putAll(s.waitingEntries());
        l.restingLimits.putAll(s.restingLimits());
        return l;
    }

    /** The start-up reconciliation is under way: signals wait for it. */
    public boolean recovering() {
        return recovery != null;
    }

    public LedgerSnapshot snapshot() {
        return new LedgerSnapshot(List.copyOf(recentIntents), List.copyOf(orders.values()), Map.copyOf(positions),
                Map.copyOf(pendingOwnerBySymbol), Map.copyOf(tradeBySymbol), Map.copyOf(closingBySymbol),
                Map.copyOf(closedSinceUpdate), Map.copyOf(closedByFillAtMs), Map.copyOf(positionNewsBySymbol),
                Map.copyOf(forgottenOwners), reconciling, Map.copyOf(reversalEntries), Set.copyOf(entryInFlight),
                Set.copyOf(closeInFlight), Set.copyOf(leverageSet), Map.copyOf(denialsByReason), submitted, denied,
                rejected, List.copyOf(seenFills), lastFillMs, Map.copyOf(waitingEntries), Map.copyOf(restingLimits));
    }

    public Map<String, OrderView> orders() {
        return Map.copyOf(orders);
    }

    public Map<String, PositionView> positions() {
        return Map.copyOf(positions);
    }

    public Optional<PositionView> position(String symbol) {
        return Optional.ofNullable(positions.get(symbol));
    }

    public Map<String, Integer> denialsByReason() {
        return Map.copyOf(denialsByReason);
    }

    /** Symbols with an entry between its signal and the venue's answer, sorted. */
    public List<String> entriesInFlight() {
        return List.copyOf(entryInFlight);
    }

    public int submitted() {
        return submitted;
    }

    public int denied() {
        return denied;
    }

    public int rejected() {
        return rejected;
    }

    // ------------------------------------------------------------------ helpers

    private static String owner(PositionView p) {
        return p == null ? null : p.strategy();
    }

    private static Side side(PositionView p) {
        return p == null ? null : p.side();
    }

    private static String describe(PlacementResult r) {
        if (r instanceof PlacementResult.Rejected j) {
            return j.reason() + ": " + j.detail();
        }
        return r instanceof PlacementResult.Unknown u ? "outcome unknown: " + u.detail() : "accepted";
    }

    private static BigDecimal orZero(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static String plain(BigDecimal v) {
        return v == null ? "-" : v.toPlainString();
    }

    /** Collects the facts (applying each at once, so later rules see it) and effects of one input. */
    /** Decides each waiting entry whose symbol has no entry on its way any more (it filled, or it was refused). */
    private void releaseWaitingEntries(Step step) {
        if (waitingEntries.isEmpty() || reconciling || recovery != null) {
            return;
        }
        for (String symbol : List.copyOf(waitingEntries.keySet())) {
            Signal waiting = waitingEntries.get(symbol);
            if (waiting != null && !entryInFlight.contains(symbol)) {
                step.emit(new EntryWaitEnded(symbol));
                step.note(Level.INFO, "Entry {} {} {}: the entry it waited for has settled; deciding it now",
                        waiting.strategy(), waiting.side(), symbol);
                entry(step, waiting, OrderLinkIds.of(waiting));
            }
        }
    }

    private final class Step {
        private final List<LedgerEvent> events = new ArrayList<>(4);
        private final List<LedgerEffect> effects = new ArrayList<>(4);

        void emit(LedgerEvent event) {
            apply(event);
            events.add(event);
        }

        void effect(LedgerEffect effect) {
            effects.add(effect);
        }

        void note(Level level, String template, Object... args) {
            effects.add(new LedgerEffect.Note(level, format(template, args)));
        }

        Decision done() {
            releaseWaitingEntries(this);
            return new Decision(events, effects);
        }
    }

    /** SLF4J-style "{}" substitution, so the messages read like the rest of the logs. */
    static String format(String template, Object... args) {
        StringBuilder b = new StringBuilder(template.length() + 32);
        int from = 0;
        int arg = 0;
        int at;
        while ((at = template.indexOf("{}", from)) >= 0) {
            b.append(template, from, at).append(arg < args.length ? String.valueOf(args[arg++]) : "{}");
            from = at + 2;
        }
        return b.append(template, from, template.length()).toString();
    }
}
