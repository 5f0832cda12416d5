package io.pybitbot.ledger;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.Signal;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.util.Map;

/** Something the ledger asks its shell (the actor) to do; the answer comes back as a ledger input. */
public sealed interface LedgerEffect {

    /** Ask Risk for a verdict on the entry; answer with {@link ExecutionLedger#onVerdict}. */
    record AskRisk(Signal signal, String orderLinkId, InstrumentSpec spec) implements LedgerEffect {}

    /** Tell Risk the symbol is flat now (before a reversal's check, so it is not denied POSITION_EXISTS). */
    record TellRiskFlat(String symbol, long timeMs) implements LedgerEffect {}

    /** Tell Risk the symbol's approved entry ended without a position: its slot is free again. */
    record TellRiskEntryEnded(String symbol) implements LedgerEffect {}

    /** Tell Risk the symbol's approved entry is a limit still resting: it keeps its slot. */
    record TellRiskEntryResting(String symbol) implements LedgerEffect {}

    /** Tell Risk how a trade ended (a loss starts its cooldown). */
    record TellRiskTradeClosed(String symbol, BigDecimal netPnl, long timeMs) implements LedgerEffect {}

    /** Set the symbol's leverage, then answer with {@link ExecutionLedger#onLeverage}. */
    record SetLeverage(Signal signal, String orderLinkId, Verdict.Approved approved, BigDecimal leverage)
            implements LedgerEffect {}

    /**
     * Set the symbol's leverage ahead of its first entry (at start, in the background); answer with
     * {@link ExecutionLedger#onLeveragePreset}.
     */
    record PresetLeverage(String symbol, BigDecimal leverage) implements LedgerEffect {}

    /** Cancel the resting order; answer with {@link ExecutionLedger#onCancelAnswered}. */
    record Cancel(String symbol, String orderLinkId) implements LedgerEffect {}

    /** Place the order; answer with {@link ExecutionLedger#onPlacement}. */
    record Place(OrderTicket ticket) implements LedgerEffect {}

    /**
     * Set the position's take-profit and stop-loss now ({@code null} = leave that one alone): an entry that could
     * not carry them filled. The outcome is only logged; TpSl's watchdog covers a failure.
     */
    record ProtectPosition(String symbol, String orderLinkId, BigDecimal takeProfit, BigDecimal stopLoss)
            implements LedgerEffect {}

    /**
     * Read the open positions; answer with {@link ExecutionLedger#onPositionsRead}, passing {@code newsAtRead}
     * back: rows of symbols the stream reported since are skipped.
     */
    record ReadPositions(Map<String, Long> newsAtRead, boolean startUp) implements LedgerEffect {}

    /**
     * Read the fills since {@code sinceMs} (one page; {@code cursor} "" for the first); answer with
     * {@link ExecutionLedger#onExecutionsRead}.
     */
    record ReadExecutions(long sinceMs, String cursor) implements LedgerEffect {}

    /**
     * Look the order up at the venue by its orderLinkId (open orders, then recently closed ones); answer with
     * {@link ExecutionLedger#onOrderLookedUp}.
     */
    record LookUpOrder(String symbol, String orderLinkId) implements LedgerEffect {}

    /** Read the open orders (one page); answer with {@link ExecutionLedger#onOpenOrdersRead}. */
    record ReadOpenOrders(String cursor) implements LedgerEffect {}

    /**
     * A close ({@code kind} EXIT, REVERSAL_CLOSE or FLATTEN) the venue refused: a failed protective action, counted
     * towards the symbol's bound.
     */
    record CloseFailed(String symbol, String kind, String orderLinkId) implements LedgerEffect {}

    /** A line for the log. */
    record Note(Level level, String text) implements LedgerEffect {}

    enum Level { DEBUG, INFO, WARN }
}
