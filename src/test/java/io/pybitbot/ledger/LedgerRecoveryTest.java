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
import io.pybitbot.ledger.LedgerEffect.Note;
import io.pybitbot.ledger.LedgerEffect.ReadExecutions;
import io.pybitbot.ledger.LedgerEffect.ReadOpenOrders;
import io.pybitbot.ledger.LedgerEffect.ReadPositions;
import io.pybitbot.ledger.LedgerEffect.TellRiskTradeClosed;
import java.math.BigDecimal;
import java.util.List;
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
    void whatWasOnItsWayAtTheRestartIsReleased() {
        LedgerHarness h = before();
        h.signal(Signal.entry(A, "ETHUSDT", Side.BUY, 2000, 1950, 2100, T0 + 2 * MIN, "")); // Risk never answers
        h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, "")); // the close is never answered
        ExecutionLedger ledger = replay(h.facts);
        Decision start = ledger.start();
        assertTrue(start.events().contains(new LedgerEvent.SessionRestarted()), start.events().toString());
        assertEquals(List.of(), ledger.entriesInFlight());
        String closeId = OrderLinkIds.of(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, ""));
        assertEquals("Unknown", ledger.orders().get(closeId).status());
        // the position's next exit may go out (the close in flight was released)
        ReadExecutions fills = only(start, ReadExecutions.class);
        ReadPositions positions = only(ledger.onExecutionsRead(fills, List.of(), "", "", T0), ReadPositions.class);
        ledger.onPositionsRead(PositionsRead.ok(List.of(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0",
                T0 + 4 * MIN)), positions), T0 + 4 * MIN);
        assertEquals(1, ledger.onSignal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 5 * MIN, ""))
                .effects(LedgerEffect.Place.class).size());
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
