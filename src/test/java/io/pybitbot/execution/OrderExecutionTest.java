package io.pybitbot.execution;

import io.pybitbot.ledger.OrderLinkIds;
import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static io.pybitbot.execution.ActorTestSupport.open;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderExecutionTest {

    private static final ActorTestKit kit = ActorTestKit.create("OrderExecutionTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    private TestProbe<RiskActor.Command> risk;
    private TestProbe<RestClient.Command> rest;
    private TestProbe<RestClient.Command> feedRest;
    private ActorRef<AccountFeed.Command> feed;
    private ActorRef<OrderExecution.Command> exec;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @BeforeEach
    void start() {
        risk = kit.createTestProbe();
        rest = kit.createTestProbe();
        feedRest = kit.createTestProbe();
        feed = kit.spawn(AccountFeed.create(feedRest.getRef(), InstantSource.fixed(java.time.Instant.ofEpochMilli(T0))));
        exec = kit.spawn(OrderExecution.create(ActorTestSupport.freshId("order-execution"), risk.getRef(), rest.getRef(), feed, Map.of("BTCUSDT", BTC, "ETHUSDT", ETH),
                ExecutionSettings.of(new BigDecimal("5")), InstantSource.fixed(java.time.Instant.ofEpochMilli(T0))));
        // the actor reads open positions when it starts: none
        ActorTestSupport.answerStartReads(feedRest, positions());
        // ... then the open orders: none
        expectRest(rest, RestOp.GetOpenOrders.class).ok(ActorTestSupport.orders());
    }

    private static Signal longBtc(long candle) {
        return Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.05, 29400.03, 31200.07, candle, "sma cross up");
    }

    private RiskActor.Check expectCheck() {
        return RiskProbes.expect(risk, RiskActor.Check.class, WAIT);
    }

    private OrderExecution.State state() {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        exec.tell(new OrderExecution.GetState(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    /**
     * The state once {@code check} passes: answers to asks reach the actor through a temporary actor, so a
     * state query sent right after an answer may overtake it.
     */
    private OrderExecution.State stateWhen(java.util.function.Predicate<OrderExecution.State> check) {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        return p.awaitAssert(WAIT, () -> {
            OrderExecution.State s = state();
            assertTrue(check.test(s), "state not reached: " + s);
            return s;
        });
    }

    /** Runs an approved entry through leverage (first time per symbol) to the order, and accepts it. */
    private OrderRequest approveAndPlace(Signal signal, String qty, boolean expectLeverage) {
        RiskActor.Check check = expectCheck();
        assertEquals(signal, check.signal());
        check.replyTo().tell(new Verdict.Approved(new BigDecimal(qty), new BigDecimal("5"), new BigDecimal("5000")));
        if (expectLeverage) {
            var lev = expectRest(rest, RestOp.SetLeverage.class);
            assertEquals(signal.symbol(), lev.op().symbol());
            assertEquals(0, new BigDecimal("5").compareTo(lev.op().leverage()));
            lev.ok(null);
        }
        var place = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest req = place.op().request();
        place.ok(new OrderIds("oid-" + req.orderLinkId(), req.orderLinkId()));
        return req;
    }

    @Test
    void entryAsksRiskThenPlacesMarketOrderWithTpSlRoundedAwayFromMarket() {
        Signal signal = longBtc(T0);
        exec.tell(new OrderExecution.Submit(signal));
        OrderRequest req = approveAndPlace(signal, "0.1669", true);

        assertEquals("BTCUSDT", req.symbol());
        assertEquals(Side.BUY, req.side());
        assertEquals(OrderRequest.Type.MARKET, req.type());
        assertEquals("0.166", req.qty().toPlainString(), "qty rounds down to the 0.001 step");
        assertEquals("29400.0", req.stopLoss().toPlainString(), "a long's stop rounds down");
        assertEquals("31200.1", req.takeProfit().toPlainString(), "a long's target rounds up");
        assertFalse(req.reduceOnly());
        assertEquals("Full", req.toBody().get("tpslMode"));
        assertEquals(OrderLinkIds.of(signal), req.orderLinkId());

        OrderExecution.State s = stateWhen(st -> !st.ordersByLinkId().get(req.orderLinkId()).status().equals("Sending"));
        assertEquals(1, s.submitted());
        assertEquals("Accepted", s.ordersByLinkId().get(req.orderLinkId()).status());
        assertEquals("strategy_b", s.ordersByLinkId().get(req.orderLinkId()).strategy());
    }

    @Test
    void anEntryWhoseStopTheExchangeRefusesGoesWithoutItAndGetsItFromTheFillAtOnce() {
        Signal signal = longBtc(T0);
        exec.tell(new OrderExecution.Submit(signal));
        expectCheck().replyTo().tell(new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"),
                new BigDecimal("3000")));
        expectRest(rest, RestOp.SetLeverage.class).ok(null);
        var first = expectRest(rest, RestOp.PlaceOrder.class);
        assertEquals("29400.0", first.op().request().stopLoss().toPlainString());
        // the market fell below the stop between the signal and the order
        first.fail(new BybitError.Rejected(10001,
                "StopLoss:29400.0 set for Buy position should be lower than base_price:29390.0"));
        var bare = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest req = bare.op().request();
        assertEquals(first.op().request().orderLinkId(), req.orderLinkId());
        assertEquals("0.100", req.qty().toPlainString());
        assertNull(req.stopLoss());
        assertNull(req.takeProfit());
        bare.ok(new OrderIds("oid-1", req.orderLinkId()));

        // the fill: the stop and target follow at once, the signal's distances from the fill price
        inject(kit, feed, new AccountEvent.Execution("BTCUSDT", "x-1", "oid-1", req.orderLinkId(), Side.BUY,
                new BigDecimal("29380.0"), new BigDecimal("0.1"), new BigDecimal("1.6"), BigDecimal.ZERO,
                BigDecimal.ZERO, T0 + 1_000));
        var stop = expectRest(rest, RestOp.SetTradingStop.class);
        assertEquals("BTCUSDT", stop.op().request().symbol());
        assertEquals("28779.9", stop.op().request().stopLoss().toPlainString());
        assertEquals("30580.1", stop.op().request().takeProfit().toPlainString());
        stop.ok(null);
        assertFalse(stateWhen(st -> true).ordersByLinkId().get(req.orderLinkId()).protectOnFill());
    }

    @Test
    void aShortsStopRoundsUpAndTargetDown() {
        Signal signal = Signal.entry("strategy_a", "ETHUSDT", Side.SELL, 2000.0, 2040.004, 1950.006, T0, "rsi");
        exec.tell(new OrderExecution.Submit(signal));
        OrderRequest req = approveAndPlace(signal, "2.5", true);
        assertEquals(Side.SELL, req.side());
        assertEquals("2040.01", req.stopLoss().toPlainString());
        assertEquals("1950.00", req.takeProfit().toPlainString());
    }

    @Test
    void theSameIntentTwiceGivesOneOrder() {
        Signal signal = longBtc(T0);
        exec.tell(new OrderExecution.Submit(signal));
        // an equal but separately built signal is the same intent
        exec.tell(new OrderExecution.Submit(longBtc(T0)));
        approveAndPlace(signal, "0.1", true);
        // even after the entry filled (nothing else on the symbol is in flight), a repeat is dropped
        inject(kit, feed, open("BTCUSDT", Side.BUY, "0.1", "30000.0", "29400.0", T0 + MIN));
        exec.tell(new OrderExecution.Submit(longBtc(T0)));

        // the next thing Risk hears about is a different intent: the duplicates never reached it
        Signal eth = Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 2000, 1980, 2100, T0, "x");
        exec.tell(new OrderExecution.Submit(eth));
        assertEquals(eth, expectCheck().signal());
        OrderExecution.State s = state();
        assertEquals(1, s.submitted());
        assertEquals(1, s.ordersByLinkId().size());
        assertTrue(s.denialsByReason().isEmpty(), "dropped as duplicates, not denied: " + s.denialsByReason());
    }

    @Test
    void anAmbiguousResultIsRecordedAndNeverRetried() {
        Signal signal = longBtc(T0);
        exec.tell(new OrderExecution.Submit(signal));
        expectCheck().replyTo().tell(new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"), new BigDecimal("3000")));
        expectRest(rest, RestOp.SetLeverage.class).ok(null);
        expectRest(rest, RestOp.PlaceOrder.class).fail(new BybitError.Ambiguous("read timed out"));

        OrderExecution.State s = stateWhen(st -> st.rejected() > 0);
        assertEquals(1, s.rejected());
        assertEquals("Unknown", s.ordersByLinkId().get(OrderLinkIds.of(signal)).status());

        // the same signal again is dropped, and the next REST call is for something else
        exec.tell(new OrderExecution.Submit(signal));
        Signal eth = Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 2000, 1980, 2100, T0, "x");
        exec.tell(new OrderExecution.Submit(eth));
        assertEquals(eth, expectCheck().signal());
    }

    @Test
    void aDenialIsCountedByReasonAndPlacesNothing() {
        Signal signal = longBtc(T0);
        exec.tell(new OrderExecution.Submit(signal));
        expectCheck().replyTo().tell(new Verdict.Denied(DenyReason.MAX_OPEN_POSITIONS, "4 open, the limit is 4"));
        OrderExecution.State s = stateWhen(st -> st.denied() > 0);
        assertEquals(1, s.denied());
        assertEquals(Map.of("MAX_OPEN_POSITIONS", 1), s.denialsByReason());
        assertEquals(0, s.submitted());
        assertTrue(s.ordersByLinkId().isEmpty());
    }

    @Test
    void leverageIsSetOncePerSymbolAndAClosedPositionIsReportedToRisk() {
        Signal first = longBtc(T0);
        exec.tell(new OrderExecution.Submit(first));
        OrderRequest req = approveAndPlace(first, "0.1", true);
        inject(kit, feed, open("BTCUSDT", Side.BUY, "0.1", "30010.0", "29400.0", T0 + MIN));
        inject(kit, feed, new AccountEvent.Execution("BTCUSDT", "e1", "o1", req.orderLinkId(), Side.BUY,
                new BigDecimal("30010.0"), new BigDecimal("0.1"), new BigDecimal("1.65"), BigDecimal.ZERO, BigDecimal.ZERO, T0 + MIN));
        inject(kit, feed, new AccountEvent.Execution("BTCUSDT", "e2", "o2", "", Side.SELL,
                new BigDecimal("29400.0"), new BigDecimal("0.1"), new BigDecimal("1.62"), new BigDecimal("0.1"),
                new BigDecimal("-61.0"), T0 + 5 * MIN));
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 5 * MIN));

        RiskActor.TradeClosed closed = RiskProbes.expect(risk, RiskActor.TradeClosed.class, WAIT);
        assertEquals("BTCUSDT", closed.symbol());
        assertEquals(0, new BigDecimal("-64.27").compareTo(closed.netPnl()), "exec PnL minus both fees");
        assertEquals(T0 + 5 * MIN, closed.timeMs());

        Signal second = longBtc(T0 + 10 * MIN);
        exec.tell(new OrderExecution.Submit(second));
        OrderRequest again = approveAndPlace(second, "0.1", false);
        assertEquals(OrderLinkIds.of(second), again.orderLinkId());
    }

    @Test
    void aReversalClosesTheStrategysPositionThenEnters() {
        Signal buy = longBtc(T0);
        exec.tell(new OrderExecution.Submit(buy));
        approveAndPlace(buy, "0.2", true);
        inject(kit, feed, open("BTCUSDT", Side.BUY, "0.2", "30000.0", "29400.0", T0 + MIN));

        Signal sell = Signal.entry("strategy_b", "BTCUSDT", Side.SELL, 29900.0, 30500.0, 29000.0, T0 + 20 * MIN, "cross down");
        exec.tell(new OrderExecution.Submit(sell));
        var close = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest closeReq = close.op().request();
        assertTrue(closeReq.reduceOnly());
        assertFalse(closeReq.closeOnTrigger());
        assertEquals(Side.SELL, closeReq.side());
        assertEquals("0.2", closeReq.qty().toPlainString());
        assertNull(closeReq.stopLoss());
        assertEquals(OrderLinkIds.reversalClose(sell), closeReq.orderLinkId());
        close.ok(new OrderIds("c1", closeReq.orderLinkId()));

        // Risk is asked only once the account is flat: first it hears of the closed trade, then the check
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 21 * MIN));
        // Risk is told the position is flat before the check, or the reversal would be denied POSITION_EXISTS
        boolean toldFlat = false;
        RiskActor.Command m;
        while (!((m = risk.receiveMessage(WAIT)) instanceof RiskActor.TradeClosed)) {
            toldFlat |= m instanceof RiskActor.PositionClosed c && c.symbol().equals("BTCUSDT");
        }
        assertTrue(toldFlat, "Risk heard of the close before the reversal's check");
        OrderRequest entry = approveAndPlace(sell, "0.2", false);
        assertEquals(Side.SELL, entry.side());
        assertFalse(entry.reduceOnly());
        assertEquals(OrderLinkIds.of(sell), entry.orderLinkId());
    }

    @Test
    void anExitIsAReduceOnlyCloseOfTheStrategysPositionOnly() {
        Signal buy = longBtc(T0);
        exec.tell(new OrderExecution.Submit(buy));
        approveAndPlace(buy, "0.3", true);
        inject(kit, feed, open("BTCUSDT", Side.BUY, "0.3", "30000.0", "29400.0", T0 + MIN));

        // another strategy cannot close it
        exec.tell(new OrderExecution.Submit(Signal.exit("strategy_a", "BTCUSDT", Side.BUY, 30100, T0 + 2 * MIN, "other")));
        Signal exit = Signal.exit("strategy_b", "BTCUSDT", Side.BUY, 30100, T0 + 3 * MIN, "cross down");
        exec.tell(new OrderExecution.Submit(exit));
        var close = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest req = close.op().request();
        assertEquals(OrderLinkIds.of(exit), req.orderLinkId(), "the first close is the owner's exit");
        assertTrue(req.reduceOnly());
        assertEquals(Side.SELL, req.side());
        assertEquals("0.3", req.qty().toPlainString());
        assertNull(req.takeProfit());
        assertNull(req.stopLoss());
        assertEquals(1 + 1, state().submitted());
    }

    @Test
    void flattenAllClosesEveryOpenPosition() {
        inject(kit, feed, open("BTCUSDT", Side.BUY, "0.3", "30000.0", "29400.0", T0));
        inject(kit, feed, open("ETHUSDT", Side.SELL, "4.00", "2000.00", "2050.00", T0));
        exec.tell(new OrderExecution.FlattenAll("risk halt: drawdown"));
        Map<String, OrderRequest> bySymbol = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            OrderRequest r = expectRest(rest, RestOp.PlaceOrder.class).op().request();
            bySymbol.put(r.symbol(), r);
        }
        assertEquals(Side.SELL, bySymbol.get("BTCUSDT").side());
        assertEquals("0.3", bySymbol.get("BTCUSDT").qty().toPlainString());
        assertEquals(Side.BUY, bySymbol.get("ETHUSDT").side());
        assertEquals("4.00", bySymbol.get("ETHUSDT").qty().toPlainString());
        assertTrue(bySymbol.values().stream().allMatch(OrderRequest::reduceOnly));
        assertTrue(bySymbol.values().stream().allMatch(r -> OrderLinkIds.valid(r.orderLinkId())));
    }

    @Test
    void anUnknownInstrumentIsDeniedWithoutAskingRisk() {
        exec.tell(new OrderExecution.Submit(Signal.entry("strategy_b", "DOGEUSDT", Side.BUY, 0.1, 0.09, 0.12, T0, "x")));
        // the signal may overtake the start-up reconciliation's last answer: then it waits for it
        OrderExecution.State s = stateWhen(st -> !st.denialsByReason().isEmpty());
        assertEquals(Map.of("UNKNOWN_INSTRUMENT", 1), s.denialsByReason());
        Signal eth = Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 2000, 1980, 2100, T0, "x");
        exec.tell(new OrderExecution.Submit(eth));
        assertEquals(eth, expectCheck().signal());
    }

    @Test
    void aSecondEntryOnASymbolWaitsForTheFirstToSettle() {
        Signal a = Signal.entry("strategy_a", "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "a");
        Signal b = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000, 29500, Double.NaN, T0, "b");
        exec.tell(new OrderExecution.Submit(a));
        exec.tell(new OrderExecution.Submit(b));
        OrderRequest placed = approveAndPlace(a, "0.1", true);
        // Risk cannot see the first entry yet: the second waits for it, neither refused nor asked about
        assertEquals(Map.of(), state().denialsByReason());

        // the exchange cancels the first without a fill: the symbol is free again and the second is decided
        inject(kit, feed, new AccountEvent.OrderUpdate("BTCUSDT", "oid", placed.orderLinkId(), Side.BUY, "Cancelled",
                placed.qty(), BigDecimal.ZERO, BigDecimal.ZERO, false, "", "EC_CancelForNoFullFill", T0 + 1));
        assertEquals("BTCUSDT", RiskProbes.expect(risk, RiskActor.EntryEnded.class, WAIT).symbol(),
                "Risk stops counting the entry as a position");
        assertEquals(b, expectCheck().signal());
    }
}
