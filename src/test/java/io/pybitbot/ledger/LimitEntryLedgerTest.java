package io.pybitbot.ledger;

import static io.pybitbot.ledger.LedgerHarness.MIN;
import static io.pybitbot.ledger.LedgerHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limit entries: post-only at the signal's price, a time in force in candles, then cancel or market. */
class LimitEntryLedgerTest {

    private static LedgerSettings limits(int offsetTicks, int candles, boolean market) {
        return new LedgerSettings(new BigDecimal("5"), 0, 0, 10_000,
                new LedgerSettings.LimitEntries(offsetTicks, candles, market));
    }

    private static Signal buy(double ref) {
        return Signal.entry("a", "BTCUSDT", Side.BUY, ref, ref * 0.98, ref * 1.04, T0, "x");
    }

    private static Decision close(LedgerHarness h, int candlesAfterSignal) {
        return h.record(h.ledger.onCandleClosed("BTCUSDT", T0 + candlesAfterSignal * MIN));
    }

    @Test
    void anEntryIsAPostOnlyLimitAtTheSignalPriceMovedAwayFromTheMarket() {
        LedgerHarness h = new LedgerHarness(limits(2, 3, false));
        OrderTicket b = h.enter(buy(30000.05), "0.3");
        assertTrue(b.limitOrder());
        // 30000.05 - 2 ticks of 0.10 = 29999.85, rounded down for a buy
        assertEquals(0, new BigDecimal("29999.80").compareTo(b.limitPrice()), b.limitPrice().toPlainString());
        assertEquals(0, new BigDecimal("0.3").compareTo(b.qty()));
        assertTrue(b.stopLoss() != null && b.takeProfit() != null, "levels ride on the limit: " + b);
        OrderTicket s = h.enter(Signal.entry("b", "ETHUSDT", Side.SELL, 2000.005, 2050, 1900, T0, ""), "1");
        assertEquals(0, new BigDecimal("2000.03").compareTo(s.limitPrice()), "a sell rounds up: 2000.005 + 0.02");
        assertEquals(b.limitPrice(), h.order(b.clientOrderId()).limitPrice());
        // a price on the grid that floating point left a hair above it is not pushed a tick further
        assertEquals(0, new BigDecimal("29586.4").compareTo(EntryTickets.limitPrice(Side.SELL, 29586.300000000003,
                LedgerHarness.BTC, 1)));
    }

    @Test
    void marketEntriesStayMarketOrders() {
        LedgerHarness h = new LedgerHarness();
        assertFalse(h.enter(buy(30000), "0.3").limitOrder());
        assertTrue(close(h, 5).events().isEmpty(), "no limit to count candles for");
    }

    @Test
    void anUnfilledLimitIsCancelledAfterItsCandlesAndFreesTheSymbol() {
        LedgerHarness h = new LedgerHarness(limits(0, 3, false));
        OrderTicket t = h.enter(buy(30000), "0.3");
        h.placed(t);
        assertTrue(h.record(h.ledger.onCandleClosed("BTCUSDT", T0)).effects(LedgerEffect.Cancel.class).isEmpty(),
                "the signal's own candle is not part of its time in force");
        assertTrue(close(h, 1).effects(LedgerEffect.Cancel.class).isEmpty());
        assertTrue(close(h, 2).effects(LedgerEffect.Cancel.class).isEmpty());
        LedgerEffect.Cancel cancel = LedgerHarness.only(close(h, 3), LedgerEffect.Cancel.class);
        assertEquals(t.clientOrderId(), cancel.orderLinkId());
        assertTrue(close(h, 4).effects(LedgerEffect.Cancel.class).isEmpty(), "one cancel while it is on its way");
        assertEquals(List.of("BTCUSDT"), h.ledger.entriesInFlight(), "still held until the exchange confirms");

        Decision ended = h.orderUpdate(t, "Cancelled", "0", null, "EC_PerCancelRequest");
        assertEquals(1, ended.effects(LedgerEffect.TellRiskEntryEnded.class).size());
        assertTrue(ended.effects(LedgerEffect.Place.class).isEmpty());
        assertTrue(h.ledger.entriesInFlight().isEmpty());
        assertTrue(notes(ended).contains("time in force ran out"), notes(ended));
        assertFalse(notes(ended).contains("ended Cancelled without a fill"), "an expiry is no warning: " + notes(ended));
        h.assertReplayRebuildsState(limits(0, 3, false));
    }

    @Test
    void onExpiryMarketSendsWhatIsLeftAtMarketWithTheSameLevels() {
        LedgerHarness h = new LedgerHarness(limits(0, 2, true));
        OrderTicket t = h.enter(buy(30000), "0.3");
        h.placed(t);
        h.orderUpdate(t, "PartiallyFilled", "0.1", null, "EC_NoError");
        close(h, 1);
        LedgerHarness.only(close(h, 2), LedgerEffect.Cancel.class);
        Decision ended = h.orderUpdate(t, "Cancelled", "0.1", null, "EC_PerCancelRequest");
        OrderTicket rest = LedgerHarness.only(ended, LedgerEffect.Place.class).ticket();
        assertFalse(rest.limitOrder());
        assertFalse(rest.reduceOnly());
        assertEquals(0, new BigDecimal("0.2").compareTo(rest.qty()), rest.qty().toPlainString());
        assertEquals(t.stopLoss(), rest.stopLoss());
        assertEquals(t.takeProfit(), rest.takeProfit());
        assertEquals("a", h.order(rest.clientOrderId()).strategy());
        assertTrue(ended.effects(LedgerEffect.TellRiskEntryEnded.class).isEmpty(), "the entry goes on");
        h.assertReplayRebuildsState(limits(0, 2, true));
    }

    @Test
    void aPostOnlyTheMarketHadCrossedCountsAsExpiredAtOnce() {
        LedgerHarness cancel = new LedgerHarness(limits(0, 3, false));
        OrderTicket t = cancel.enter(buy(30000), "0.3");
        cancel.placed(t);
        Decision d = cancel.orderUpdate(t, "Cancelled", "0", RejectReason.POST_ONLY_WOULD_TAKE,
                "EC_PostOnlyWillTakeLiquidity");
        assertEquals(1, d.effects(LedgerEffect.TellRiskEntryEnded.class).size());
        assertTrue(notes(d).contains("post-only"), notes(d));

        LedgerHarness market = new LedgerHarness(limits(0, 3, true));
        OrderTicket m = market.enter(buy(30000), "0.3");
        market.placed(m);
        OrderTicket rest = LedgerHarness.only(market.orderUpdate(m, "Cancelled", "0", RejectReason.POST_ONLY_WOULD_TAKE,
                "EC_PostOnlyWillTakeLiquidity"), LedgerEffect.Place.class).ticket();
        assertEquals(m.qty(), rest.qty());
        assertFalse(rest.limitOrder());
    }

    @Test
    void anExitBeforeTheLimitFilledCancelsItAndNothingFollowsAtMarket() {
        LedgerHarness h = new LedgerHarness(limits(0, 5, true));
        OrderTicket t = h.enter(buy(30000), "0.3");
        h.placed(t);
        Decision exit = h.signal(Signal.exit("a", "BTCUSDT", Side.BUY, 29990, T0 + MIN, "turned"));
        assertEquals(t.clientOrderId(), LedgerHarness.only(exit, LedgerEffect.Cancel.class).orderLinkId());
        assertFalse(notes(exit).contains("no such position"), notes(exit));
        Decision ended = h.orderUpdate(t, "Cancelled", "0", null, "EC_PerCancelRequest");
        assertTrue(ended.effects(LedgerEffect.Place.class).isEmpty(), "withdrawn, not expired");
        assertEquals(1, ended.effects(LedgerEffect.TellRiskEntryEnded.class).size());
        // another strategy's exit does not touch it
        LedgerHarness other = new LedgerHarness(limits(0, 5, true));
        other.placed(other.enter(buy(30000), "0.3"));
        assertTrue(other.signal(Signal.exit("b", "BTCUSDT", Side.BUY, 29990, T0 + MIN, ""))
                .effects(LedgerEffect.Cancel.class).isEmpty());
    }

    @Test
    void aRefusedCancelIsTriedAgainAtTheNextClose() {
        LedgerHarness h = new LedgerHarness(limits(0, 1, false));
        OrderTicket t = h.enter(buy(30000), "0.3");
        h.placed(t);
        LedgerHarness.only(close(h, 1), LedgerEffect.Cancel.class);
        Decision failed = h.record(h.ledger.onCancelAnswered(t.clientOrderId(), false, false, "10006 rate limit"));
        assertTrue(notes(failed).contains("tried again"), notes(failed));
        LedgerHarness.only(close(h, 2), LedgerEffect.Cancel.class);
        // a cancel that finds the order gone waits for the order's own update
        assertTrue(h.record(h.ledger.onCancelAnswered(t.clientOrderId(), false, true, "110001")).events().isEmpty());
        h.assertReplayRebuildsState(limits(0, 1, false));
    }

    @Test
    void aFilledLimitIsAnOrdinaryPositionAndStopsCounting() {
        LedgerHarness h = new LedgerHarness(limits(0, 2, true));
        OrderTicket t = h.enter(buy(30000), "0.3");
        h.placed(t);
        h.orderUpdate(t, "Filled", "0.3", null, "EC_NoError");
        h.account(LedgerHarness.open("BTCUSDT", Side.BUY, "0.3", "30000", "29400", T0 + MIN));
        assertEquals("a", h.position("BTCUSDT").strategy());
        assertTrue(close(h, 1).events().isEmpty());
        assertTrue(close(h, 2).effects(LedgerEffect.Cancel.class).isEmpty());
        assertNull(h.ledger.snapshot().restingLimits().get(t.clientOrderId()));
    }

    private static String notes(Decision d) {
        return d.effects(LedgerEffect.Note.class).stream().map(LedgerEffect.Note::text).toList().toString();
    }
}
