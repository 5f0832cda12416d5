package io.pybitbot.ledger;

import static io.pybitbot.ledger.LedgerHarness.MIN;
import static io.pybitbot.ledger.LedgerHarness.T0;
import static io.pybitbot.ledger.LedgerHarness.fill;
import static io.pybitbot.ledger.LedgerHarness.flat;
import static io.pybitbot.ledger.LedgerHarness.flatWithRealised;
import static io.pybitbot.ledger.LedgerHarness.only;
import static io.pybitbot.ledger.LedgerHarness.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.ledger.LedgerEffect.AskRisk;
import io.pybitbot.ledger.LedgerEffect.Place;
import io.pybitbot.ledger.LedgerEffect.ReadPositions;
import io.pybitbot.ledger.LedgerEffect.TellRiskFlat;
import io.pybitbot.ledger.LedgerEffect.TellRiskTradeClosed;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.Verdict;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of docs/README-actors.md "OrderExecution", on the ledger alone (no actor, no venue). */
class ExecutionLedgerTest {

    private static final String A = "strategy_a";
    private static final String B = "strategy_b";

    private LedgerHarness h = new LedgerHarness();
    private LedgerSettings settings = LedgerHarness.SETTINGS;

    @AfterEach
    void replayingTheFactsRebuildsTheState() {
        h.assertReplayRebuildsState(settings);
    }

    private static Signal longBtc(String strategy, long candle) {
        return Signal.entry(strategy, "BTCUSDT", Side.BUY, 30000.05, 29400.03, 31200.07, candle, "up");
    }

    private static Signal shortBtc(String strategy, long candle) {
        return Signal.entry(strategy, "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, candle, "down");
    }

    /** An open short of 0.2 BTC owned by {@code strategy}, entered at 30000 with an entry fee of 3. */
    private OrderTicket openShort(String strategy) {
        OrderTicket t = h.enter(shortBtc(strategy, T0), "0.2");
        h.placed(t);
        h.account(fill("BTCUSDT", t.clientOrderId(), Side.SELL, "30000.0", "0.2", "3", "0", "0", T0 + MIN));
        h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN));
        assertEquals(strategy, h.position("BTCUSDT").strategy());
        return t;
    }

    // ------------------------------------------------------------------ entries

    @Test
    void anApprovedEntrySetsLeverageOnceThenPlacesARoundedMarketOrderWithStopAndTarget() {
        Signal s = longBtc(B, T0);
        AskRisk ask = only(h.signal(s), AskRisk.class);
        assertEquals(OrderLinkIds.of(s), ask.orderLinkId());
        Decision verdict = h.record(h.ledger.onVerdict(s, ask.orderLinkId(),
                new Verdict.Approved(new BigDecimal("0.1669"), new BigDecimal("10"), new BigDecimal("5000")), ""));
        LedgerEffect.SetLeverage lev = only(verdict, LedgerEffect.SetLeverage.class);
        assertEquals(0, new BigDecimal("5").compareTo(lev.leverage()), "min(approved 10, configured 5)");
        assertTrue(verdict.effects(Place.class).isEmpty(), "the order waits for the leverage answer");

        OrderTicket t = only(h.record(h.ledger.onLeverage(lev, false, "timeout")), Place.class).ticket();
        assertEquals("0.166", t.qty().toPlainString(), "qty rounds down");
        assertEquals("29400.0", t.stopLoss().toPlainString(), "a long's stop rounds down");
        assertEquals("31200.1", t.takeProfit().toPlainString(), "a long's target rounds up");
        assertFalse(t.reduceOnly());
        assertEquals("Sending", h.order(t.clientOrderId()).status());
        h.placed(t);
        assertEquals("Accepted", h.order(t.clientOrderId()).status());
        assertEquals(B, h.order(t.clientOrderId()).strategy());

        // the failed leverage call is not remembered as done: the next entry on the symbol sets it again
        h.orderUpdate(t, "Cancelled", "0", RejectReason.OTHER, "EC_CancelForNoFullFill");
        AskRisk again = only(h.signal(longBtc(B, T0 + 2 * MIN)), AskRisk.class);
        Decision second = h.record(h.ledger.onVerdict(again.signal(), again.orderLinkId(),
                new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"), new BigDecimal("3000")), ""));
        assertEquals(1, second.effects(LedgerEffect.SetLeverage.class).size());
    }

    @Test
    void leverageIsSetAheadAtStartSoAFirstEntryGoesStraightOutAndAFailedPresetLeavesItToTheEntry() {
        // the harness's start-up (nothing open) asked for every symbol's leverage before any entry
        List<LedgerEffect.PresetLeverage> presets = h.effects(LedgerEffect.PresetLeverage.class);
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), presets.stream().map(LedgerEffect.PresetLeverage::symbol).toList());
        assertEquals(0, new BigDecimal("5").compareTo(presets.get(0).leverage()), "the configured 5x (max 100x)");
        h.record(h.ledger.onLeveragePreset(presets.get(0), true, ""));
        h.record(h.ledger.onLeveragePreset(presets.get(1), false, "timeout"));
        LedgerSnapshot afterPresets = h.ledger.snapshot();

        AskRisk btc = only(h.signal(longBtc(B, T0)), AskRisk.class);
        Decision placed = h.record(h.ledger.onVerdict(btc.signal(), btc.orderLinkId(),
                new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"), new BigDecimal("3000")), ""));
        assertTrue(placed.effects(LedgerEffect.SetLeverage.class).isEmpty(), placed.effects().toString());
        assertEquals(1, placed.effects(Place.class).size(), "the entry goes out on its verdict");

        Signal eth = Signal.entry(B, "ETHUSDT", Side.BUY, 2000.0, 1960.0, 2080.0, T0, "up");
        AskRisk ask = only(h.signal(eth), AskRisk.class);
        Decision waits = h.record(h.ledger.onVerdict(eth, ask.orderLinkId(),
                new Verdict.Approved(new BigDecimal("1"), new BigDecimal("5"), new BigDecimal("2000")), ""));
        assertEquals(1, waits.effects(LedgerEffect.SetLeverage.class).size(), "the preset failed: the entry sets it");

        // a restart does not ask again for what is set
        ExecutionLedger again = ExecutionLedger.restore(settings, LedgerHarness.SPECS, afterPresets);
        LedgerEffect.ReadPositions read = only(again.start(), LedgerEffect.ReadPositions.class);
        again.onPositionsRead(PositionsRead.ok(List.of(), read), T0);
        Decision recovered = again.onOpenOrdersRead(List.of(), "", "");
        assertEquals(List.of("ETHUSDT"), recovered.effects(LedgerEffect.PresetLeverage.class).stream()
                .map(LedgerEffect.PresetLeverage::symbol).toList());
    }

    @Test
    void anEntryWhoseLevelsTheVenueRefusesGoesWithoutThemAndIsProtectedFromItsFill() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1"); // reference 30000.05: SL 29400.0, TP 31200.1
        String id = t.clientOrderId();
        h.record(h.ledger.onPlacement(id, new io.pybitbot.domain.PlacementResult.Rejected(
                RejectReason.PROTECTION_REJECTED, "StopLoss:29400 set for Buy position should be lower than"
                + " base_price:29390"), h.now));
        OrderTicket bare = only(h.last, Place.class).ticket();
        assertEquals(id, bare.clientOrderId(), "the same intent: the refused create left no order behind");
        assertEquals(t.qty(), bare.qty());
        assertEquals(Side.BUY, bare.side());
        assertNull(bare.stopLoss());
        assertNull(bare.takeProfit());
        assertEquals("Sending", h.order(id).status());
        assertTrue(h.order(id).protectOnFill());
        assertTrue(h.ledger.entriesInFlight().contains("BTCUSDT"), "still the entry on its way");
        h.placed(bare);

        // filled lower, at 29380.0: the signal's distances (-600.05, +1200.05) from the fill, rounded away from it
        h.account(fill("BTCUSDT", id, Side.BUY, "29380.0", "0.1", "1.6", "0", "0", T0 + MIN));
        LedgerEffect.ProtectPosition pp = only(h.last, LedgerEffect.ProtectPosition.class);
        assertEquals("BTCUSDT", pp.symbol());
        assertEquals("28779.9", pp.stopLoss().toPlainString());
        assertEquals("30580.1", pp.takeProfit().toPlainString());
        assertFalse(h.order(id).protectOnFill());
        // the order's own report of the same fill does not set them again
        h.orderUpdate(bare, "Filled", "0.1", null, "");
        assertTrue(h.effects(LedgerEffect.ProtectPosition.class).isEmpty());
    }

    @Test
    void aBareEntryRefusedAgainIsRejectedAndOtherRefusalsAreNotRetried() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1");
        h.refused(t, RejectReason.INVALID_ORDER);
        assertTrue(h.effects(Place.class).isEmpty(), "a plain refusal is not retried");
        assertEquals("Rejected", h.order(t.clientOrderId()).status());
        assertEquals("BTCUSDT", only(h.last, LedgerEffect.TellRiskEntryEnded.class).symbol(),
                "Risk frees the slot it held for the entry");

        OrderTicket u = h.enter(longBtc(B, T0 + 2 * MIN), "0.1");
        h.refused(u, RejectReason.PROTECTION_REJECTED);
        OrderTicket bare = only(h.last, Place.class).ticket();
        h.refused(bare, RejectReason.PROTECTION_REJECTED);
        assertTrue(h.effects(Place.class).isEmpty(), "sent once without levels, never again");
        assertEquals("Rejected", h.order(u.clientOrderId()).status());
        assertFalse(h.ledger.entriesInFlight().contains("BTCUSDT"));
    }

    @Test
    void leverageIsSetOncePerSymbol() {
        OrderTicket first = h.enter(longBtc(B, T0), "0.1");
        h.orderUpdate(first, "Cancelled", "0", RejectReason.OTHER, "EC_CancelForNoFullFill");
        AskRisk ask = only(h.signal(longBtc(B, T0 + MIN)), AskRisk.class);
        Decision d = h.record(h.ledger.onVerdict(ask.signal(), ask.orderLinkId(),
                new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"), new BigDecimal("3000")), ""));
        assertTrue(d.effects(LedgerEffect.SetLeverage.class).isEmpty());
        assertEquals(1, d.effects(Place.class).size());
    }

    @Test
    void percentStopModeReplacesTheSignalsLevels() {
        settings = new LedgerSettings(new BigDecimal("5"), 0.01, 0.02, 10_000);
        h = new LedgerHarness(settings);
        Signal s = Signal.entry(A, "ETHUSDT", Side.SELL, 2000.0, 2040.0, 1950.0, T0, "x");
        OrderTicket t = h.enter(s, "1");
        assertEquals("2020.00", t.stopLoss().toPlainString(), "1% above for a short");
        assertEquals("1960.00", t.takeProfit().toPlainString(), "2% below for a short");
    }

    @Test
    void deniedTimedOutUnknownAndTooSmallEntriesAreCountedByReasonAndPlaceNothing() {
        AskRisk ask = only(h.signal(longBtc(B, T0)), AskRisk.class);
        h.record(h.ledger.onVerdict(ask.signal(), ask.orderLinkId(), new Verdict.Denied(DenyReason.COOLDOWN, "cools"), ""));
        AskRisk ask2 = only(h.signal(longBtc(B, T0 + MIN)), AskRisk.class);
        h.record(h.ledger.onVerdict(ask2.signal(), ask2.orderLinkId(), null, "AskTimeoutException"));
        h.signal(Signal.entry(B, "DOGEUSDT", Side.BUY, 0.1, 0.09, 0.12, T0, "x"));
        assertTrue(h.effects(AskRisk.class).isEmpty(), "no instrument rules: Risk is not asked");
        AskRisk ask3 = only(h.signal(longBtc(B, T0 + 2 * MIN)), AskRisk.class);
        Decision tiny = h.record(h.ledger.onVerdict(ask3.signal(), ask3.orderLinkId(),
                new Verdict.Approved(new BigDecimal("0.0009"), new BigDecimal("5"), new BigDecimal("27")), ""));
        h.record(h.ledger.onLeverage(only(tiny, LedgerEffect.SetLeverage.class), true, "ok"));
        assertTrue(h.effects(Place.class).isEmpty());

        assertEquals(Map.of("COOLDOWN", 1, "RISK_TIMEOUT", 1, "UNKNOWN_INSTRUMENT", 1, "QTY_BELOW_MIN", 1),
                h.ledger.denialsByReason());
        assertEquals(4, h.ledger.denied());
        assertEquals(0, h.ledger.submitted());
        assertEquals(List.of(), h.ledger.entriesInFlight(), "every denial freed the symbol");
    }

    @Test
    void aSecondEntryOnASymbolWaitsForTheFirstToSettleAndAThirdIsRefused() {
        OrderTicket first = h.enter(Signal.entry(A, "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "a"), "0.1");
        Signal b = Signal.entry(B, "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "b");
        h.signal(b);
        assertTrue(h.effects(AskRisk.class).isEmpty(), "it waits: Risk cannot see the first entry yet");
        assertEquals(Map.of(), h.ledger.denialsByReason(), "not dropped");
        h.signal(Signal.entry("strategy_c", "BTCUSDT", Side.SELL, 30000, 30500, Double.NaN, T0, "c"));
        assertEquals(Map.of("ENTRY_IN_FLIGHT", 1), h.ledger.denialsByReason(), "one waits at a time");
        assertEquals(List.of("BTCUSDT"), h.ledger.entriesInFlight());
        h.assertReplayRebuildsState(LedgerHarness.SETTINGS);

        // the venue cancels the first without a fill: the waiting entry is decided at once
        h.placed(first);
        h.orderUpdate(first, "Cancelled", "0", RejectReason.OTHER, "EC_CancelForNoFullFill");
        assertEquals("Cancelled", h.order(first.clientOrderId()).status());
        assertEquals(b, only(h.last, AskRisk.class).signal());
        h.assertReplayRebuildsState(LedgerHarness.SETTINGS);
    }

    @Test
    void anEntryWaitingForOneThatFillsIsDecidedAgainstTheNewPosition() {
        OrderTicket first = h.enter(Signal.entry(A, "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "a"), "0.1");
        h.signal(Signal.entry(B, "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "b"));
        h.placed(first);
        h.orderUpdate(first, "Filled", "0.1", RejectReason.OTHER, "EC_NoError");
        assertTrue(h.effects(AskRisk.class).isEmpty(), "still on its way until the position shows");
        h.account(open("BTCUSDT", Side.BUY, "0.1", "30000.0", "29500.0", T0 + 1));
        // B is decided once A's entry has filled: A owns the position now, so B's entry goes to Risk, which sees it
        List<AskRisk> asked = h.effects(AskRisk.class);
        assertEquals(1, asked.size(), h.last.effects().toString());
        assertEquals(B, asked.get(0).signal().strategy());
    }

    @Test
    void theOpenUpdateOfTheEntrysPositionFreesTheSymbol() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1");
        h.placed(t);
        h.account(open("BTCUSDT", Side.BUY, "0.1", "30000.0", "29400.0", T0 + MIN));
        assertEquals(List.of(), h.ledger.entriesInFlight());
    }

    // ------------------------------------------------------------------ one order per intent

    @Test
    void theSameIntentTwiceIsDroppedNotDenied() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1");
        Decision again = h.signal(longBtc(B, T0));
        assertTrue(again.events().isEmpty(), "nothing recorded: " + again.events());
        assertTrue(again.effects(AskRisk.class).isEmpty());
        h.placed(t);
        h.account(open("BTCUSDT", Side.BUY, "0.1", "30000.0", "29400.0", T0 + MIN));
        assertTrue(h.signal(longBtc(B, T0)).effects(AskRisk.class).isEmpty(), "still dropped once it filled");
        assertEquals(Map.of(), h.ledger.denialsByReason());
        assertEquals(1, h.ledger.submitted());
    }

    @Test
    void onlyTheLastRememberedIntentsAreKept() {
        settings = new LedgerSettings(new BigDecimal("5"), 0, 0, 2);
        h = new LedgerHarness(settings);
        Signal first = Signal.exit(B, "BTCUSDT", Side.BUY, 1, T0, "");
        h.signal(first);
        h.signal(Signal.exit(B, "BTCUSDT", Side.BUY, 1, T0 + MIN, ""));
        h.signal(Signal.exit(B, "BTCUSDT", Side.BUY, 1, T0 + 2 * MIN, ""));
        assertFalse(h.signal(first).events().isEmpty(), "the oldest id was forgotten, so it is handled again");
    }

    @Test
    void aDuplicateIdAnswerMeansTheEarlierAttemptLanded() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1");
        h.refused(t, RejectReason.DUPLICATE);
        assertEquals("Accepted", h.order(t.clientOrderId()).status());
        assertEquals(0, h.ledger.rejected());
        assertEquals(List.of("BTCUSDT"), h.ledger.entriesInFlight(), "the order exists: its fill is still to come");
    }

    @Test
    void anUnknownOutcomeIsRecordedNeverRetriedAndAFillLaterStillNamesTheOwner() {
        OrderTicket t = h.enter(shortBtc(A, T0), "0.2");
        Decision d = h.unknown(t);
        assertTrue(d.effects(Place.class).isEmpty(), "not retried");
        assertTrue(d.effects(LedgerEffect.TellRiskEntryEnded.class).isEmpty(),
                "it may have landed: Risk keeps counting it until its position shows or the count expires");
        assertEquals("Unknown", h.order(t.clientOrderId()).status());
        assertEquals(1, h.ledger.rejected());
        assertEquals(List.of(), h.ledger.entriesInFlight());
        assertTrue(h.signal(shortBtc(A, T0)).effects(AskRisk.class).isEmpty(), "the intent is never placed again");

        // it did land: its fill and position arrive
        h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN));
        h.account(fill("BTCUSDT", t.clientOrderId(), Side.SELL, "30000.0", "0.2", "3", "0", "0", T0 + MIN));
        assertEquals(A, h.position("BTCUSDT").strategy());
    }

    @Test
    void aStreamReportBeforeThePlacementAnswerWins() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.1");
        h.orderUpdate(t, "New", "0", null, "EC_NoError");
        h.refused(t, RejectReason.OTHER);
        assertEquals("New", h.order(t.clientOrderId()).status());
        assertEquals(0, h.ledger.rejected());
    }

    // ------------------------------------------------------------------ ownership

    /**
     * FLAT the flat update Bybit pushes when an order is placed, ORDER the Filled order update, EXEC the
     * fill, POS the open update, OK the placement answer, UNKNOWN an answer that the outcome is unknown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"FLAT,ORDER,EXEC,POS,OK", "OK,FLAT,ORDER,EXEC,POS", "EXEC,FLAT,POS,ORDER,OK",
            "FLAT,POS,EXEC,ORDER,OK", "UNKNOWN,ORDER,EXEC,POS", "UNKNOWN,POS,EXEC,ORDER", "FLAT,POS,UNKNOWN,EXEC",
            "POS,OK", "UNKNOWN,POS,ORDER"})
    void ownershipComesFromTheEntryThatFilledWhateverTheArrivalOrder(String arrival) {
        OrderTicket t = h.enter(shortBtc(A, T0), "0.2");
        for (String event : arrival.split(",")) {
            switch (event) {
                case "FLAT" -> h.account(flat("BTCUSDT", T0 + MIN));
                case "ORDER" -> h.orderUpdate(t, "Filled", "0.2", null, "EC_NoError");
                case "EXEC" -> h.account(fill("BTCUSDT", t.clientOrderId(), Side.SELL, "30000.0", "0.2", "3", "0", "0",
                        T0 + MIN + 1));
                case "POS" -> h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN + 1));
                case "OK" -> h.placed(t);
                case "UNKNOWN" -> h.unknown(t);
                default -> throw new IllegalArgumentException(event);
            }
        }
        assertEquals(A, h.position("BTCUSDT").strategy(), arrival);

        // ownership decides exits: another strategy's is ignored, the owner's goes out
        assertTrue(h.signal(Signal.exit(B, "BTCUSDT", Side.SELL, 29900, T0 + 2 * MIN, "")).effects(Place.class).isEmpty());
        Signal exit = Signal.exit(A, "BTCUSDT", Side.SELL, 29900, T0 + 3 * MIN, "");
        OrderTicket close = only(h.signal(exit), Place.class).ticket();
        assertEquals(OrderLinkIds.of(exit), close.clientOrderId());
        assertTrue(close.reduceOnly());
        assertEquals(Side.BUY, close.side());
        assertEquals("0.2", close.qty().toPlainString());
    }

    @Test
    void aPositionFoundWithNoKnownEntryHasNoOwnerAndAnyStrategysExitMayCloseIt() {
        h.account(open("ETHUSDT", Side.BUY, "1.00", "2000.00", "1950.00", T0));
        assertEquals("", h.position("ETHUSDT").strategy());
        assertEquals(1, h.signal(Signal.exit(B, "ETHUSDT", Side.BUY, 2010, T0 + MIN, "")).effects(Place.class).size());
    }

    @Test
    void aPositionFoundAtStartIsKnownToExitsAndFlatten() {
        ExecutionLedger ledger = new ExecutionLedger(LedgerHarness.SETTINGS, LedgerHarness.SPECS);
        ReadPositions read = only(ledger.start(), ReadPositions.class);
        assertTrue(read.startUp());
        ledger.onPositionsRead(PositionsRead.ok(List.of(open("BTCUSDT", Side.BUY, "0.3", "30000.0", "29400.0", T0)), read),
                T0);
        assertEquals("", ledger.position("BTCUSDT").orElseThrow().strategy());
        OrderTicket close = only(ledger.flattenAll("halt", T0), Place.class).ticket();
        assertEquals("0.3", close.qty().toPlainString());
    }

    @Test
    void aFailedEntryClearsItsPendingOwnerButFlatUpdatesDoNot() {
        h.enter(shortBtc(A, T0), "0.2");
        h.account(flat("BTCUSDT", T0 + 1));
        h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + 2));
        assertEquals(A, h.position("BTCUSDT").strategy(), "the place-time flat update kept the pending owner");

        LedgerHarness other = new LedgerHarness();
        OrderTicket failed = other.enter(shortBtc(A, T0), "0.2");
        other.refused(failed, RejectReason.INSUFFICIENT_BALANCE);
        other.account(open("BTCUSDT", Side.SELL, "0.5", "30000.0", "30600.0", T0 + 2));
        assertEquals("", other.position("BTCUSDT").strategy(), "opened by someone else: owner unknown");
        assertEquals(1, other.ledger.rejected());
        other.assertReplayRebuildsState(LedgerHarness.SETTINGS);
    }

    // ------------------------------------------------------------------ exits

    @Test
    void anExitIsIgnoredWhenNothingOrTheOtherSideIsOpenOrACloseIsOnItsWay() {
        assertTrue(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0, "")).effects(Place.class).isEmpty());
        openShort(A);
        assertTrue(h.signal(Signal.exit(A, "BTCUSDT", Side.BUY, 1, T0 + MIN, "")).effects(Place.class).isEmpty(),
                "the position is short");
        OrderTicket close = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 2 * MIN, "")), Place.class).ticket();
        assertTrue(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 3 * MIN, "")).effects(Place.class).isEmpty(),
                "a close is on its way");
        h.refused(close, RejectReason.UNAVAILABLE);
        assertEquals(1, h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 4 * MIN, "")).effects(Place.class).size(),
                "the failed close freed the position for the next exit");
    }

    // ------------------------------------------------------------------ reversals

    @Test
    void aReversalClosesFirstAndEntersOnceFlatTellingRiskTheSymbolIsFlatBeforeAsking() {
        OrderTicket t = h.enter(longBtc(B, T0), "0.2");
        h.placed(t);
        h.account(open("BTCUSDT", Side.BUY, "0.2", "30000.0", "29400.0", T0 + MIN));
        Signal sell = Signal.entry(B, "BTCUSDT", Side.SELL, 29900.0, 30500.0, 29000.0, T0 + 20 * MIN, "down");
        Decision d = h.signal(sell);
        OrderTicket close = only(d, Place.class).ticket();
        assertTrue(d.effects(AskRisk.class).isEmpty(), "Risk is asked only once flat");
        assertEquals(OrderLinkIds.reversalClose(sell), close.clientOrderId());
        assertTrue(close.reduceOnly());
        assertNull(close.stopLoss());
        assertTrue(h.signal(Signal.entry(B, "BTCUSDT", Side.SELL, 29900.0, 30500.0, 29000.0, T0 + 21 * MIN, "again"))
                .effects(Place.class).isEmpty(), "a second reversal while the close is on its way");
        h.placed(close);

        h.account(fill("BTCUSDT", close.clientOrderId(), Side.SELL, "29900.0", "0.2", "3", "0.2", "-20", T0 + 22 * MIN));
        List<LedgerEffect> effects = h.last.effects();
        int flatAt = indexOf(effects, TellRiskFlat.class);
        int closedAt = indexOf(effects, TellRiskTradeClosed.class);
        int askAt = indexOf(effects, AskRisk.class);
        assertTrue(closedAt >= 0 && flatAt >= 0 && askAt > flatAt && askAt > closedAt, effects.toString());
        assertEquals(sell, ((AskRisk) effects.get(askAt)).signal());
    }

    @Test
    void aReversalIsNotTriggeredByAnotherStrategysPosition() {
        openShort(A);
        Decision d = h.signal(longBtc(B, T0 + 5 * MIN));
        assertTrue(d.effects(Place.class).isEmpty());
        assertEquals(1, d.effects(AskRisk.class).size(), "it is an ordinary entry, for Risk to judge");
    }

    @Test
    void aReversalWhoseCloseFailsIsDropped() {
        openShort(A);
        Signal buy = longBtc(A, T0 + 5 * MIN);
        OrderTicket close = only(h.signal(buy), Place.class).ticket();
        h.refused(close, RejectReason.UNAVAILABLE);
        h.account(flat("BTCUSDT", T0 + 30 * MIN));
        assertTrue(h.effects(AskRisk.class).isEmpty(), "the stale reversal does not enter later");
    }

    @Test
    void flattenAllClosesEveryPositionAndDropsWaitingReversals() {
        openShort(A);
        h.account(open("ETHUSDT", Side.BUY, "4.00", "2000.00", "1950.00", T0));
        h.signal(longBtc(A, T0 + 5 * MIN)); // a reversal close now in flight on BTC
        Decision d = h.flatten("risk halt");
        List<OrderTicket> closes = d.effects(Place.class).stream().map(Place::ticket).toList();
        assertEquals(1, closes.size(), "BTC already has a close on its way: " + closes);
        assertEquals("ETHUSDT", closes.get(0).symbol());
        assertEquals(Side.SELL, closes.get(0).side());
        assertTrue(OrderLinkIds.valid(closes.get(0).clientOrderId()));
        h.account(flat("BTCUSDT", T0 + 6 * MIN));
        assertTrue(h.effects(AskRisk.class).isEmpty(), "the reversal's entry was dropped by the flatten");
    }

    // ------------------------------------------------------------------ positions closed by the venue

    @Test
    void aPositionClosedByItsStopIsForgottenAtTheFillAndAStaleOpenUpdateDoesNotBringItBack() {
        openShort(A);
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN));
        assertNull(h.position("BTCUSDT"));
        TellRiskTradeClosed closed = only(h.last, TellRiskTradeClosed.class);
        assertEquals(0, new BigDecimal("-126.1").compareTo(closed.netPnl()), "exec PnL minus both fees");
        assertEquals(T0 + 5 * MIN, closed.timeMs());

        h.account(open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30500.0", T0 + 4 * MIN));
        assertNull(h.position("BTCUSDT"), "an update from before the closing fill is stale");
        h.account(flat("BTCUSDT", T0 + 5 * MIN));
        assertTrue(h.effects(TellRiskTradeClosed.class).isEmpty(), "the flat update is not a second trade");
        assertTrue(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")).effects(Place.class).isEmpty());
    }

    @Test
    void anExitThatCrossedTheExchangesStopOnItsCandleSaysSoAndALaterOneIsIgnored() {
        openShort(A);
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN + 30_000));
        // decided on the candle in which the stop fired: the two crossed
        List<String> crossed = notes(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 5 * MIN, "")).effects(
                LedgerEffect.Note.class));
        assertTrue(crossed.stream().anyMatch(n -> n.startsWith("Exit " + A + " SELL BTCUSDT: already closed on the"
                + " exchange at ")), crossed.toString());
        // decided a candle later: the strategy held nothing then
        List<String> late = notes(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")).effects(
                LedgerEffect.Note.class));
        assertTrue(late.stream().anyMatch(n -> n.contains("ignored: no such position open")), late.toString());
        // another strategy's exit is no crossing either
        List<String> other = notes(h.signal(Signal.exit("strategy_x", "BTCUSDT", Side.SELL, 1, T0 + 5 * MIN, ""))
                .effects(LedgerEffect.Note.class));
        assertTrue(other.stream().anyMatch(n -> n.contains("ignored: no such position open")), other.toString());
    }

    private static List<String> notes(List<LedgerEffect.Note> notes) {
        return notes.stream().map(LedgerEffect.Note::text).toList();
    }

    @Test
    void partialClosingFillsForgetThePositionOnlyOnceTheyAddUpToItsSize() {
        openShort(A);
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.1", "1.5", "0.1", "-60", T0 + 5 * MIN));
        assertEquals("0.2", h.position("BTCUSDT").size().toPlainString());
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.1", "1.5", "0.1", "-60", T0 + 5 * MIN));
        assertNull(h.position("BTCUSDT"));
        assertEquals(0, new BigDecimal("-126").compareTo(only(h.last, TellRiskTradeClosed.class).netPnl()));
    }

    @Test
    void flatteningOneSymbolClosesOnlyItsPositionAndOnlyOnce() {
        openShort(A);
        assertNotNull(h.position("BTCUSDT"));
        assertTrue(h.record(h.ledger.flattenSymbol("ETHUSDT", "operator", T0 + 6 * MIN)).effects(Place.class).isEmpty(),
                "no ETHUSDT position: nothing sent");
        OrderTicket close = only(h.record(h.ledger.flattenSymbol("BTCUSDT", "operator", T0 + 6 * MIN)), Place.class)
                .ticket();
        assertEquals("BTCUSDT", close.symbol());
        assertTrue(close.reduceOnly());
        assertEquals(Side.BUY, close.side(), "a short is closed by a buy");
        assertEquals(h.position("BTCUSDT").size(), close.qty());
        assertTrue(h.record(h.ledger.flattenSymbol("BTCUSDT", "operator", T0 + 6 * MIN + 1)).effects(Place.class)
                .isEmpty(), "its close is already on its way");
        h.assertReplayRebuildsState(LedgerHarness.SETTINGS);
    }

    @Test
    void aRefusedCloseIsReportedAsAFailedProtectiveActionAnUnknownOutcomeIsNot() {
        openShort(A);
        OrderTicket close = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")), Place.class).ticket();
        LedgerEffect.CloseFailed failed = only(h.refused(close, RejectReason.INSUFFICIENT_BALANCE),
                LedgerEffect.CloseFailed.class);
        assertEquals("BTCUSDT", failed.symbol());
        assertEquals("EXIT", failed.kind());
        assertEquals(close.clientOrderId(), failed.orderLinkId());
        assertNotNull(h.position("BTCUSDT"), "the position is still held");
        assertTrue(h.unknown(only(h.flatten("test"), Place.class).ticket()).effects(LedgerEffect.CloseFailed.class)
                .isEmpty(), "an unknown outcome may still have closed it: not a failure yet");
    }

    @Test
    void aReduceOnlyRefusalMeansFlatAndAReReadThatStillListsThePositionRestoresItsOwner() {
        openShort(A);
        OrderTicket close = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")), Place.class).ticket();
        Decision refused = h.refused(close, RejectReason.REDUCE_ONLY_NOT_SATISFIED);
        assertNull(h.position("BTCUSDT"), "treated as flat");
        ReadPositions read = only(refused, ReadPositions.class);
        assertFalse(read.startUp());
        assertEquals("Rejected", h.order(close.clientOrderId()).status());

        h.positionsRead(read, open("BTCUSDT", Side.SELL, "0.1", "30000.0", "30600.0", T0 + 7 * MIN));
        assertEquals(A, h.position("BTCUSDT").strategy());
        assertEquals("0.1", h.position("BTCUSDT").size().toPlainString());
        OrderTicket again = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 8 * MIN, "")), Place.class).ticket();
        assertEquals("0.1", again.qty().toPlainString(), "closes what the venue holds");
    }

    @Test
    void aReduceOnlyRefusalWithNothingListedKeepsThePositionForgottenAndOneReReadAtATime() {
        openShort(A);
        OrderTicket close = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")), Place.class).ticket();
        ReadPositions read = only(h.refused(close, RejectReason.REDUCE_ONLY_NOT_SATISFIED), ReadPositions.class);
        // a second surprise while the read is on its way does not send a second read
        h.account(open("ETHUSDT", Side.BUY, "1.00", "2000.00", "1950.00", T0));
        OrderTicket ethClose = only(h.signal(Signal.exit(A, "ETHUSDT", Side.BUY, 1, T0 + 6 * MIN, "")), Place.class).ticket();
        assertTrue(h.refused(ethClose, RejectReason.REDUCE_ONLY_NOT_SATISFIED).effects(ReadPositions.class).isEmpty());
        h.positionsRead(read);
        assertNull(h.position("BTCUSDT"));
        assertTrue(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 7 * MIN, "")).effects(Place.class).isEmpty());
        assertEquals(3, h.ledger.submitted(), "entry, exit, ETH exit: nothing resent");
        // the venue's stop fill arrives late: it is the forgotten trade's close, and Risk hears of it
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 6 * MIN));
        assertEquals(0, new BigDecimal("-126.1").compareTo(only(h.last, TellRiskTradeClosed.class).netPnl()));
    }

    @Test
    void aReReadSkipsSymbolsTheStreamReportedWhileItWasOnItsWay() {
        openShort(A);
        OrderTicket close = only(h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")), Place.class).ticket();
        ReadPositions read = only(h.refused(close, RejectReason.REDUCE_ONLY_NOT_SATISFIED), ReadPositions.class);
        h.account(open("BTCUSDT", Side.BUY, "0.3", "30100.0", "29500.0", T0 + 7 * MIN)); // newer news
        h.positionsRead(read); // lists nothing: older than the stream's update
        assertEquals(Side.BUY, h.position("BTCUSDT").side());
    }

    @Test
    void aReversalWhoseCloseTheVenueEndedAsReduceOnlyWaitsForTheFlatThenEnters() {
        openShort(A);
        Signal buy = longBtc(A, T0 + 5 * MIN);
        OrderTicket close = only(h.signal(buy), Place.class).ticket();
        h.placed(close);
        ReadPositions read = only(h.orderUpdate(close, "Deactivated", "0", RejectReason.REDUCE_ONLY_NOT_SATISFIED,
                "EC_ReduceOnlyNoPosition"), ReadPositions.class);
        assertTrue(h.effects(AskRisk.class).isEmpty());
        h.account(fill("BTCUSDT", "", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 6 * MIN));
        assertEquals(buy, only(h.last, AskRisk.class).signal(), "the reversal's entry goes on at the stop's fill");
        h.account(flat("BTCUSDT", T0 + 6 * MIN));
        h.positionsRead(read);
    }

    @Test
    void aReversalWhoseCloseWasEndedIsDroppedWhenTheReReadShowsThePositionStillOpen() {
        openShort(A);
        OrderTicket close = only(h.signal(longBtc(A, T0 + 5 * MIN)), Place.class).ticket();
        h.placed(close);
        ReadPositions read = only(h.orderUpdate(close, "Deactivated", "0", RejectReason.REDUCE_ONLY_NOT_SATISFIED,
                "EC_ReduceOnlyNoPosition"), ReadPositions.class);
        h.positionsRead(read, open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30700.0", T0 + 6 * MIN));
        assertEquals(0, new BigDecimal("30700").compareTo(h.position("BTCUSDT").stopLoss()));
        h.account(flat("BTCUSDT", T0 + 30 * MIN));
        assertTrue(h.effects(AskRisk.class).isEmpty(), "the stale reversal entry does not start");
    }

    @Test
    void anOrderEndedWithoutAFillForAnotherReasonReleasesWhatItHeld() {
        openShort(A);
        OrderTicket close = only(h.signal(longBtc(A, T0 + 5 * MIN)), Place.class).ticket();
        h.placed(close);
        Decision d = h.orderUpdate(close, "Cancelled", "0", RejectReason.OTHER, "EC_Whatever");
        assertTrue(d.effects(ReadPositions.class).isEmpty());
        assertEquals(1, h.signal(Signal.exit(A, "BTCUSDT", Side.SELL, 1, T0 + 6 * MIN, "")).effects(Place.class).size());
    }

    // ------------------------------------------------------------------ trade PnL

    @Test
    void aClosingFillAfterTheFlatUpdateCountsTowardItsOwnTradeAndTheNextTradeStartsFromNothing() {
        openShort(A);
        h.account(flat("BTCUSDT", T0 + 5 * MIN));
        assertTrue(h.effects(TellRiskTradeClosed.class).isEmpty(), "waits for the closing fill");
        h.account(fill("BTCUSDT", "", Side.BUY, "29000.0", "0.2", "2.9", "0.2", "200", T0 + 5 * MIN));
        TellRiskTradeClosed first = only(h.last, TellRiskTradeClosed.class);
        assertEquals(0, new BigDecimal("194.1").compareTo(first.netPnl()));
        assertEquals(T0 + 5 * MIN, first.timeMs());

        OrderTicket t = h.enter(shortBtc(A, T0 + 10 * MIN), "0.2");
        h.placed(t);
        h.account(fill("BTCUSDT", t.clientOrderId(), Side.SELL, "29000.0", "0.2", "2.9", "0", "0", T0 + 11 * MIN));
        h.account(open("BTCUSDT", Side.SELL, "0.2", "29000.0", "29600.0", T0 + 11 * MIN));
        h.account(fill("BTCUSDT", "", Side.BUY, "29100.0", "0.2", "2.9", "0.2", "-20", T0 + 12 * MIN));
        assertEquals(0, new BigDecimal("-25.8").compareTo(only(h.last, TellRiskTradeClosed.class).netPnl()));
    }

    @Test
    void aTradeWhoseClosingFillsNeverCameIsReportedBeforeTheNextEntryWithTheVenuesRealisedFigure() {
        openShort(A);
        h.account(flatWithRealised("BTCUSDT", "-40.5", T0 + 5 * MIN));
        assertTrue(h.effects(TellRiskTradeClosed.class).isEmpty());
        Decision d = h.signal(shortBtc(A, T0 + 10 * MIN));
        int reported = indexOf(d.effects(), TellRiskTradeClosed.class);
        int asked = indexOf(d.effects(), AskRisk.class);
        assertTrue(reported >= 0 && asked > reported, "Risk knows of the loss before it judges: " + d.effects());
        assertEquals(0, new BigDecimal("-40.5").compareTo(((TellRiskTradeClosed) d.effects().get(reported)).netPnl()));
    }

    @Test
    void aTradeWithoutAllFillsAndNoRealisedFigureUsesTheFillsSeenWhenTheNextPositionOpens() {
        openShort(A);
        h.account(flat("BTCUSDT", T0 + 5 * MIN));
        h.account(open("BTCUSDT", Side.BUY, "0.1", "29000.0", "28500.0", T0 + 9 * MIN));
        TellRiskTradeClosed c = only(h.last, TellRiskTradeClosed.class);
        assertEquals(0, new BigDecimal("-3").compareTo(c.netPnl()), "only the entry fee was seen");
    }

    private static int indexOf(List<LedgerEffect> effects, Class<?> type) {
        for (int i = 0; i < effects.size(); i++) {
            if (type.isInstance(effects.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
