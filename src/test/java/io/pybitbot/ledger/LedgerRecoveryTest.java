package io.pybitbot.ledger;

import static io.pybitbot.ledger.LedgerHarness.MIN;
import static io.pybitbot.ledger.LedgerHarness.T0;
import static io.pybitbot.ledger.LedgerHarness.fill;
import static io.pybitbot.ledger.LedgerHarness.only;
import static io.pybitbot.ledger.LedgerHarness.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.ledger.LedgerEffect.LookUpOrder;
import io.pybitbot.ledger.LedgerEffect.Note;
import io.pybitbot.ledger.LedgerEffect.ReadExecutions;
import io.pybitbot.ledger.LedgerEffect.ReadOpenOrders;
import io.pybitbot.ledger.LedgerEffect.ReadPositions;
import io.pybitbot.ledger.LedgerEffect.TellRiskTradeClosed;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A restart: a ledger rebuilt from the facts of the one before (as a journal replay does) reconciles with
 * the venue: fills made while down are applied exactly once, positions and open orders are adopted, and
 * one line says what was recovered.
 */
class LedgerRecoveryTest {

    private static final String A = "strategy_a";

    /** The node before the crash: an owned short of 0.2 BTC entered at 30000. */
    private static LedgerHarness before() {
        LedgerHarness h = new LedgerHarness();
        OrderTicket t = h.enter(Signal.entry(A, "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, T0, "down"), "0.2");
        h.placed(t);
        h.account(fill("BTCUSDT", t.clientOrderId(), Side.SELL, "30000.0", "0.2", "3", "0", "0", T0 + MIN));
        h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN));
        return h;
    }

    private static ExecutionLedger replay(List<LedgerEvent> facts) {
        ExecutionLedger ledger = new ExecutionLedger(LedgerHarness.SETTINGS, LedgerHarness.SPECS);
        facts.forEach(ledger::apply);
        return ledger;
    }

    private static AccountEvent.OrderUpdate resting(String linkId, String stopOrderType) {
        return new AccountEvent.OrderUpdate("ETHUSDT", "o-" + linkId, linkId, Side.BUY, "New", new BigDecimal("1.00"),
                BigDecimal.ZERO, BigDecimal.ZERO, false, stopOrderType, "EC_NoError", T0);
    }

    @Test
    void aRestartAppliesTheFillsMadeWhileDownOnceAdoptsWhatItFindsAndSaysSo() {
        LedgerHarness h = before();
        ExecutionLedger ledger = replay(h.facts);
        assertEquals(h.ledger.snapshot(), ledger.snapshot(), "the journal rebuilds the state");

        // 1. the fills since the last one the journal saw, paged, newest first
        ReadExecutions first = only(ledger.start(), ReadExecutions.class);
        assertEquals(T0 + MIN, first.sinceMs());
        assertEquals("", first.cursor());
        String seenId = h.ledger.snapshot().seenFills().get(0);
        AccountEvent.Execution again = new AccountEvent.Execution("BTCUSDT", seenId, "oid", "", Side.SELL,
                new BigDecimal("30000.0"), new BigDecimal("0.2"), new BigDecimal("3"), BigDecimal.ZERO, BigDecimal.ZERO,
                T0 + MIN);
        AccountEvent.Execution stop = fill("BTCUSDT", "", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN);
        ReadExecutions second = only(ledger.onExecutionsRead(first, List.of(stop), "page-2", "", T0 + 9 * MIN),
                ReadExecutions.class);
        assertEquals("page-2", second.cursor());
        Decision fills = ledger.onExecutionsRead(second, List.of(again), "", "", T0 + 9 * MIN);
        TellRiskTradeClosed closed = only(fills, TellRiskTradeClosed.class);
        assertEquals(0, new BigDecimal("-126.1").compareTo(closed.netPnl()), "the stop's fill once, the entry's not again");
        assertNull(ledger.position("BTCUSDT").orElse(null));

        // 2. the positions: an unknown one is adopted with no owner
        ReadPositions positions = only(fills, ReadPositions.class);
        assertTrue(positions.startUp());
        Decision read = ledger.onPositionsRead(PositionsRead.ok(List.of(open("ETHUSDT", Side.BUY, "1.00", "2000.00",
                "1950.00", T0 + 8 * MIN)), positions), T0 + 9 * MIN);
        assertEquals("", ledger.position("ETHUSDT").orElseThrow().strategy());

        // 3. the open orders: an unknown one is adopted (its id never placed again), a position's TP/SL is not ours
        ReadOpenOrders orders = only(read, ReadOpenOrders.class);
        String foreignId = "strategy_c-ETHUSDT-loyw3v28-EB";
        Decision done = ledger.onOpenOrdersRead(List.of(resting(foreignId, ""), resting("", "StopLoss")), "", "");
        assertEquals("", orders.cursor());
        assertEquals("adopted at start", ledger.orders().get(foreignId).detail());
        List<String> lines = done.effects(Note.class).stream().map(Note::text).toList();
        assertTrue(lines.contains("Order execution recovered 1 position (1 of unknown owner), 1 open order (1 adopted), "
                + "1 fill applied while down"), lines.toString());

        // the entry intent of before the crash is never placed again
        assertTrue(ledger.onSignal(Signal.entry(A, "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, T0, "down"))
                .effects().stream().noneMatch(e -> e instanceof LedgerEffect.AskRisk));
    }

    @Test
    void aPositionOfTheJournalThatClosedWhileDownIsClosedAtStart() {
        LedgerHarness h = before();
        ExecutionLedger ledger = replay(h.facts);
        ReadExecutions fillsRead = only(ledger.start(), ReadExecutions.class);
        // the fills cannot be read: the positions read still tells the truth
        Decision failed = ledger.onExecutionsRead(fillsRead, List.of(), "", "Bybit transient error 10016: busy", T0);
        ReadPositions positions = only(failed, ReadPositions.class);
        Decision read = ledger.onPositionsRead(PositionsRead.ok(List.of(), positions), T0 + 9 * MIN);
        assertNull(ledger.position("BTCUSDT").orElse(null));
        Decision done = ledger.onOpenOrdersRead(List.of(), "", "");
        assertTrue(done.effects(Note.class).stream().anyMatch(n -> n.text().equals(
                "Order execution recovered 0 positions, 0 open orders, 0 fills applied while down; 1 position closed while down")),
                done.effects().toString());
        assertEquals(1, read.effects(ReadOpenOrders.class).size());
    }

    @Test
    void whatWasOnItsWayAtTheRestartIsLookedUpAndAClosePlacedNowhereIsReleased() {
        LedgerHarness h = before();
        h.signal(Signal.entry(A, "ETHUSDT", Side.BUY, 2000, 1950, 2100, T0 + 2 * MIN, "")); // Risk never answers
        h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, "")); // the close is never answered
        ExecutionLedger ledger = replay(h.facts);
        Decision start = ledger.start();
        assertTrue(start.events().contains(new LedgerEvent.SessionRestarted()), start.events().toString());
        assertEquals(List.of(), ledger.entriesInFlight());
        String closeId = OrderLinkIds.of(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, ""));
        assertEquals("Unknown", ledger.orders().get(closeId).status());
        // the close had been sent: it is looked up before anything else is read
        LookUpOrder lookUp = only(start, LookUpOrder.class);
        assertEquals(new LookUpOrder("BTCUSDT", closeId), lookUp);
        assertTrue(start.effects(ReadExecutions.class).isEmpty());
        Decision absent = ledger.onOrderLookedUp(closeId, Optional.empty(), "");
        assertEquals("Rejected", ledger.orders().get(closeId).status(), "it never reached the exchange");
        assertTrue(absent.effects(Note.class).stream().anyMatch(n -> n.text().contains("never placed")), absent.effects().toString());
        // the position's next exit may go out (the close in flight was released)
        ReadExecutions fills = only(absent, ReadExecutions.class);
        ReadPositions positions = only(ledger.onExecutionsRead(fills, List.of(), "", "", T0), ReadPositions.class);
        ledger.onPositionsRead(PositionsRead.ok(List.of(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0",
                T0 + 4 * MIN)), positions), T0 + 4 * MIN);
        Decision done = ledger.onOpenOrdersRead(List.of(), "", "");
        assertTrue(done.effects(Note.class).stream().anyMatch(n -> n.text().endsWith(
                "; 1 order on its way at the restart looked up (0 filled, 0 resting, 1 never placed)")), done.effects().toString());
        assertEquals(1, ledger.onSignal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 5 * MIN, ""))
                .effects(LedgerEffect.Place.class).size());
        assertTrue(ledger.onSignal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, "")).effects(LedgerEffect.Place.class)
                .isEmpty(), "the intent that was on its way is never sent again");
    }

    /** The node sent an entry and died before any answer: the state a SIGKILL right after sending leaves. */
    private static LedgerHarness entryOnItsWay() {
        LedgerHarness h = before();
        h.enter(Signal.entry(A, "ETHUSDT", Side.BUY, 2000, 1950, 2100, T0 + 2 * MIN, "up"), "1.00");
        return h;
    }

    private static final String ETH_ENTRY = OrderLinkIds.of(Signal.entry(A, "ETHUSDT", Side.BUY, 2000, 1950, 2100,
            T0 + 2 * MIN, "up"));

    private static AccountEvent.OrderUpdate atTheExchange(String status, String filled) {
        return new AccountEvent.OrderUpdate("ETHUSDT", "o-1", ETH_ENTRY, Side.BUY, status, new BigDecimal("1.00"),
                new BigDecimal(filled), new BigDecimal("2001"), false, "", "EC_NoError", T0 + 2 * MIN);
    }

    @Test
    void anEntryFoundFilledAtTheExchangeOwnsItsPositionAndHoldsTheSymbolUntilThePositionShows() {
        ExecutionLedger ledger = replay(entryOnItsWay().facts);
        LookUpOrder lookUp = only(ledger.start(), LookUpOrder.class);
        assertEquals(new LookUpOrder("ETHUSDT", ETH_ENTRY), lookUp);
        assertEquals(List.of("ETHUSDT"), ledger.entriesInFlight(), "no second entry while it is looked up");

        Decision found = ledger.onOrderLookedUp(ETH_ENTRY, Optional.of(atTheExchange("Filled", "1.00")), "");
        assertEquals("Filled", ledger.orders().get(ETH_ENTRY).status());
        ReadPositions positions = positionsAfter(ledger, found);
        ledger.onPositionsRead(PositionsRead.ok(List.of(open("ETHUSDT", Side.BUY, "1.00", "2001", "1950", T0 + 3 * MIN),
                open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + 3 * MIN)), positions), T0 + 3 * MIN);
        assertEquals(A, ledger.position("ETHUSDT").orElseThrow().strategy(), "the entry's strategy owns it");
        assertEquals(List.of(), ledger.entriesInFlight());
        Decision done = ledger.onOpenOrdersRead(List.of(), "", "");
        assertTrue(done.effects(Note.class).stream().anyMatch(n -> n.text().startsWith("Order execution recovered 2 positions, 0 open orders")
                && n.text().endsWith("(1 filled, 0 resting, 0 never placed)")), done.effects().toString());
    }

    @Test
    void anEntryFoundFilledWhosePositionClosedWhileDownFreesItsSymbol() {
        ExecutionLedger ledger = replay(entryOnItsWay().facts);
        ledger.start();
        ReadPositions positions = positionsAfter(ledger,
                ledger.onOrderLookedUp(ETH_ENTRY, Optional.of(atTheExchange("Filled", "1.00")), ""));
        ledger.onPositionsRead(PositionsRead.ok(List.of(), positions), T0 + 3 * MIN);
        assertEquals(List.of(), ledger.entriesInFlight());
    }

    @Test
    void anEntryFoundRestingIsFollowedAndOneNeverPlacedIsReleasedToRisk() {
        ExecutionLedger resting = replay(entryOnItsWay().facts);
        resting.start();
        resting.onOrderLookedUp(ETH_ENTRY, Optional.of(atTheExchange("New", "0")), "");
        assertEquals("New", resting.orders().get(ETH_ENTRY).status());
        assertEquals(List.of("ETHUSDT"), resting.entriesInFlight(), "a resting entry still holds its symbol");

        ExecutionLedger absent = replay(entryOnItsWay().facts);
        absent.start();
        Decision d = absent.onOrderLookedUp(ETH_ENTRY, Optional.empty(), "");
        assertEquals(List.of(new LedgerEffect.TellRiskEntryEnded("ETHUSDT")), d.effects(LedgerEffect.TellRiskEntryEnded.class));
        assertEquals(List.of(), absent.entriesInFlight());
        assertEquals(1, d.effects(ReadExecutions.class).size());

        ExecutionLedger unreadable = replay(entryOnItsWay().facts);
        unreadable.start();
        Decision failed = unreadable.onOrderLookedUp(ETH_ENTRY, Optional.empty(), "Bybit transient error 10016: busy");
        assertEquals("Unknown", unreadable.orders().get(ETH_ENTRY).status(), "not guessed");
        assertEquals(1, failed.effects(ReadExecutions.class).size());
        assertTrue(failed.effects(LedgerEffect.TellRiskEntryEnded.class).isEmpty());
    }

    /** The fills read (none new) that follow the look-ups, and the positions read they lead to. */
    private static ReadPositions positionsAfter(ExecutionLedger ledger, Decision lookedUp) {
        ReadExecutions fills = only(lookedUp, ReadExecutions.class);
        return only(ledger.onExecutionsRead(fills, List.of(), "", "", T0 + 3 * MIN), ReadPositions.class);
    }

    @Test
    void anEntryFilledAndStoppedOutWhileDownIsATradeOfItsStrategy() {
        ExecutionLedger ledger = replay(entryOnItsWay().facts);
        ledger.start();
        ReadExecutions fills = only(ledger.onOrderLookedUp(ETH_ENTRY, Optional.of(atTheExchange("Filled", "1.00")), ""),
                ReadExecutions.class);
        Decision read = ledger.onExecutionsRead(fills, List.of(
                fill("ETHUSDT", "", Side.SELL, "1950", "1.00", "1.1", "1.00", "-51", T0 + 4 * MIN),
                fill("ETHUSDT", ETH_ENTRY, Side.BUY, "2001", "1.00", "1.1", "0", "0", T0 + 2 * MIN)), "", "", T0 + 5 * MIN);
        TellRiskTradeClosed closed = only(read, TellRiskTradeClosed.class);
        assertEquals("ETHUSDT", closed.symbol());
        assertEquals(0, new BigDecimal("-53.2").compareTo(closed.netPnl()), closed.toString());
        assertTrue(read.effects(Note.class).stream().anyMatch(n -> n.text().startsWith("Position closed: BUY 1.00 ETHUSDT")),
                read.effects().toString());
        assertNull(ledger.position("ETHUSDT").orElse(null));
        only(read, ReadPositions.class);
    }

    @Test
    void aSignalDuringTheStartUpReconciliationWaitsForItsEnd() {
        LedgerHarness h = before();
        ExecutionLedger ledger = replay(h.facts);
        ReadExecutions fills = only(ledger.start(), ReadExecutions.class);
        Signal entry = Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 2000, 1950, 2100, T0 + 6 * MIN, "");
        Decision early = ledger.onSignal(entry);
        assertTrue(early.effects(LedgerEffect.AskRisk.class).isEmpty(), "nothing is asked before the exchange is read");
        assertTrue(early.events().isEmpty(), early.events().toString());
        ReadPositions positions = only(ledger.onExecutionsRead(fills, List.of(), "", "", T0 + 6 * MIN), ReadPositions.class);
        ledger.onPositionsRead(PositionsRead.ok(List.of(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0",
                T0 + 6 * MIN)), positions), T0 + 6 * MIN);
        Decision done = ledger.onOpenOrdersRead(List.of(), "", "");
        assertEquals(entry, only(done, LedgerEffect.AskRisk.class).signal(), "decided once the reconciliation is done");
    }

    @Test
    void aFillDeliveredTwiceIsAppliedOnce() {
        LedgerHarness h = before();
        AccountEvent.Execution stop = fill("BTCUSDT", "", Side.BUY, "30600.0", "0.1", "1.5", "0.1", "-60", T0 + 5 * MIN);
        h.account(stop);
        h.account(stop); // e.g. the stream and a REST catch-up both deliver it
        assertEquals("0.2", h.position("BTCUSDT").size().toPlainString(), "half closed, not all");
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.1", "1.5", "0.1", "-60", T0 + 6 * MIN));
        assertEquals(0, new BigDecimal("-126").compareTo(only(h.last, TellRiskTradeClosed.class).netPnl()));
        h.assertReplayRebuildsState(LedgerHarness.SETTINGS);
    }

    @Test
    void aFreshStartWithNoJournalReadsPositionsThenOrders() {
        ExecutionLedger ledger = new ExecutionLedger(LedgerHarness.SETTINGS, LedgerHarness.SPECS);
        ReadPositions positions = only(ledger.start(), ReadPositions.class);
        ReadOpenOrders orders = only(ledger.onPositionsRead(PositionsRead.failed("HTTP 503", positions), T0),
                ReadOpenOrders.class);
        Decision page1 = ledger.onOpenOrdersRead(List.of(resting("a-ETHUSDT-1-EB", "")), "next", "");
        ReadOpenOrders more = only(page1, ReadOpenOrders.class);
        assertEquals("next", more.cursor());
        Decision done = ledger.onOpenOrdersRead(List.of(resting("b-ETHUSDT-1-EB", "")), "", "");
        assertTrue(done.effects(Note.class).stream().anyMatch(n -> n.text().startsWith(
                "Order execution recovered 0 positions, 2 open orders (2 adopted)")), done.effects().toString());
        assertEquals("", orders.cursor());
    }
}
