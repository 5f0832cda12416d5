package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.domain.Signal;
import java.math.BigDecimal;

/**
 * A fact the execution ledger records: every change of its state is one of these, applied by
 * {@link ExecutionLedger#apply(LedgerEvent)} with no decision left to make. Replaying the facts of a run
 * on a fresh ledger rebuilds its state exactly, which is what journaling it needs.
 */
public sealed interface LedgerEvent extends CborSerializable {

    /** The symbols whose position these facts change: the only facts that do are adopted, reported and closed. */
    static java.util.Set<String> positionsChangedBy(java.util.List<LedgerEvent> facts) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (LedgerEvent e : facts) {
            if (e instanceof PositionReported r) {
                out.add(r.position().symbol());
            } else if (e instanceof PositionClosed c) {
                out.add(c.symbol());
            } else if (e instanceof PositionAdopted a) {
                out.add(a.symbol());
            }
        }
        return out;
    }

    /** An intent's id was seen: a repeat of it is dropped. */
    record IntentRegistered(String orderLinkId) implements LedgerEvent {}

    /**
     * An entry was refused before any order.
     *
     * @param releasesSymbol the symbol's entry slot (held while Risk was asked) is free again
     */
    record EntryDenied(String symbol, String reason, boolean releasesSymbol) implements LedgerEvent {}

    /** Risk was asked about an entry on the symbol: no second entry there until it settles. */
    record RiskAsked(String symbol) implements LedgerEvent {}

    /** An entry waits for the close of its strategy's opposite position to show as flat. */
    record ReversalStarted(Signal entry) implements LedgerEvent {}

    /** The symbol's waiting reversal entry went on to Risk, or was dropped. */
    record ReversalEnded(String symbol) implements LedgerEvent {}

    /** An entry met another entry on its way on the same symbol: it waits for that one to settle. */
    record EntryWaiting(Signal entry) implements LedgerEvent {}

    /** The entry waiting on the symbol is decided now (or dropped at a restart). */
    record EntryWaitEnded(String symbol) implements LedgerEvent {}

    /** Every waiting reversal entry was dropped (flatten all). */
    record ReversalsCleared() implements LedgerEvent {}

    record LeverageSet(String symbol) implements LedgerEvent {}

    /** An order went to the venue (entry: its strategy is the pending owner; close: a close is in flight). */
    record OrderSent(OrderView order) implements LedgerEvent {}

    /** A resting order found at start that no fact names: recorded, and its id never placed again. */
    record OrderAdopted(OrderView order) implements LedgerEvent {}

    /** The venue took the order (or already had it: a duplicate id). */
    record OrderAcknowledged(String orderLinkId, String orderId, String detail) implements LedgerEvent {}

    /** The venue refused the order, or its outcome stayed unknown; it is never retried. */
    record OrderRejected(String orderLinkId, boolean unknown, String detail) implements LedgerEvent {}

    /** The order ended without a fill: what it held (entry slot, pending owner, close, reversal) is released. */
    record OrderFailed(String orderLinkId) implements LedgerEvent {}

    /** The venue refused an entry's TP/SL against its price: the entry goes again without them (same id). */
    record EntryResentBare(String orderLinkId, String detail) implements LedgerEvent {}

    /** The bare entry filled: its TP/SL, anchored to the fill, were sent with a trading-stop call. */
    record EntryProtectionSent(String orderLinkId) implements LedgerEvent {}

    /** The stream reported the order's state. */
    record OrderUpdated(String orderLinkId, String status, String orderId, BigDecimal filledQty, BigDecimal avgPrice)
            implements LedgerEvent {}

    /** The strategy's entry filled (or was sent) before the position it opens was reported. */
    record OwnerPending(String symbol, String strategy) implements LedgerEvent {}

    /** A position of unknown owner belongs to the strategy whose entry filled into it. */
    record PositionAdopted(String symbol, String strategy) implements LedgerEvent {}

    /** The owner of a position forgotten on a reduce-only refusal, kept in case a re-read still lists it. */
    record OwnerRemembered(String symbol, String strategy) implements LedgerEvent {}

    record ForgottenOwnersCleared() implements LedgerEvent {}

    /** The venue ended our close without a fill (nothing to reduce): no close is in flight any more. */
    record CloseSettled(String symbol) implements LedgerEvent {}

    /**
     * A fill: counted toward its trade (the current one, or the just-closed one it arrived late for); its id
     * is remembered so it is never applied twice.
     */
    record FillApplied(AccountEvent.Execution fill) implements LedgerEvent {}

    /** Fills closed the whole position at {@code timeMs}: open updates older than that are stale. */
    record ClosedByFill(String symbol, long timeMs) implements LedgerEvent {}

    /** A flat update of the symbol arrived (from the stream, or a re-read). */
    record FlatReported(String symbol, boolean fromStream) implements LedgerEvent {}

    /** An open update older than the fill that closed the position: ignored. */
    record StaleUpdateIgnored(String symbol, boolean fromStream) implements LedgerEvent {}

    /**
     * The position is open as reported.
     *
     * @param ownerFromPending its owner is the pending owner, which is consumed
     */
    record PositionReported(PositionView position, boolean fromStream, boolean ownerFromPending) implements LedgerEvent {}

    /** The symbol is flat: its position (if any) is forgotten and its trade waits for its closing fills. */
    record PositionClosed(String symbol, long timeMs, BigDecimal fallbackPnl) implements LedgerEvent {}

    /** Risk was told how the symbol's last trade ended. */
    record TradeClosed(String symbol, BigDecimal netPnl, long timeMs, boolean allFillsSeen) implements LedgerEvent {}

    /** A re-read of the positions went out; no second one until it is answered. */
    record ReconcileStarted() implements LedgerEvent {}

    record ReconcileEnded() implements LedgerEvent {}

    /**
     * A new session began on the journal of the last: what was on its way then (Risk's verdicts, placement
     * answers, a re-read, waiting reversals) will not be answered, so it is released; orders still
     * "Sending" become "Unknown" until the exchange's fills and open orders say more.
     */
    record SessionRestarted() implements LedgerEvent {}

    /**
     * At a restart, the entry on {@code symbol} that was on its way is looked up at the venue by its orderLinkId:
     * no other entry goes out on the symbol until the answer (or the start-up positions read) settles it.
     */
    record EntryLookupStarted(String symbol) implements LedgerEvent {}

    /** The look-up of the entry on {@code symbol} ended without a position to show for it: the symbol is free. */
    record EntryLookupEnded(String symbol) implements LedgerEvent {}

    /** A closed candle passed while the limit entry rested: one of its time-in-force candles is used. */
    record LimitCandleCounted(String orderLinkId) implements LedgerEvent {}

    /**
     * The resting limit entry is being cancelled: its time in force ran out, or ({@code withdrawn}) its strategy exited
     * before it filled, in which case no market order follows.
     */
    record LimitExpired(String orderLinkId, boolean withdrawn) implements LedgerEvent {}

    /** The cancel of an expired limit entry failed: the next candle close tries again. */
    record LimitCancelFailed(String orderLinkId) implements LedgerEvent {}
}
