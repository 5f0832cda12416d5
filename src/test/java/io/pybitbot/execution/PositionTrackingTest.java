package io.pybitbot.execution;

import io.pybitbot.ledger.OrderLinkIds;
import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static io.pybitbot.execution.ActorTestSupport.open;
import static io.pybitbot.execution.ActorTestSupport.position;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.domain.StrategyPositions;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How OrderExecution follows the account: who owns a position, when it is gone, which trade a fill belongs to. */
class PositionTrackingTest {

    private static final ActorTestKit kit = ActorTestKit.create("PositionTrackingTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;
    private static final String STRATEGY = "strategy_a";

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
        feed = kit.spawn(AccountFeed.create(feedRest.getRef(), InstantSource.fixed(Instant.ofEpochMilli(T0))));
        exec = kit.spawn(OrderExecution.create(ActorTestSupport.freshId("order-execution"), risk.getRef(), rest.getRef(), feed, Map.of("BTCUSDT", BTC, "ETHUSDT", ETH),
                ExecutionSettings.of(new BigDecimal("5")), InstantSource.fixed(Instant.ofEpochMilli(T0))));
        ActorTestSupport.answerStartReads(feedRest, positions());
        // ... then the open orders: none
        expectRest(rest, RestOp.GetOpenOrders.class).ok(ActorTestSupport.orders());
    }

    private static Signal shortBtc(long candle) {
        return Signal.entry(STRATEGY, "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, candle, "short");
    }

    private static Signal exitShort(String strategy, long candle) {
        return Signal.exit(strategy, "BTCUSDT", Side.SELL, 29900.0, candle, "exit");
    }

    private OrderExecution.State state() {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        exec.tell(new OrderExecution.GetState(p.getRef()));
        return p.receiveMessage(WAIT);
    }

    /** Answers to asks reach the actor through a temporary actor, so wait until the state shows them. */
    private OrderExecution.State stateWhen(Predicate<OrderExecution.State> check) {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        return p.awaitAssert(WAIT, () -> {
            OrderExecution.State s = state();
            assertTrue(check.test(s), "state not reached: " + s);
            return s;
        });
    }

    /** Submits the entry and lets Risk approve it; returns the PlaceOrder request, not yet answered. */
    private ActorTestSupport.Request<OrderIds, RestOp.PlaceOrder> submitEntry(Signal signal, boolean firstOnSymbol) {
        exec.tell(new OrderExecution.Submit(signal));
        RiskProbes.expect(risk, RiskActor.Check.class, WAIT).replyTo()
                .tell(new Verdict.Approved(new BigDecimal("0.2"), new BigDecimal("5"), new BigDecimal("6000")));
        if (firstOnSymbol) {
            expectRest(rest, RestOp.SetLeverage.class).ok(null);
        }
        return expectRest(rest, RestOp.PlaceOrder.class);
    }

    private static AccountEvent.Execution fill(String linkId, Side side, String price, String qty, String fee,
                                               String closedSize, String execPnl, long timeMs) {
        return new AccountEvent.Execution("BTCUSDT", "x-" + timeMs + "-" + linkId, "oid", linkId, side, new BigDecimal(price),
                new BigDecimal(qty), new BigDecimal(fee), new BigDecimal(closedSize), new BigDecimal(execPnl), timeMs);
    }

    /** An open short of 0.2 BTC owned by strategy_a, entered at 30000 with an entry fee of 3. */
    private void openOwnedShort() {
        var place = submitEntry(shortBtc(T0), true);
        String id = place.op().request().orderLinkId();
        place.ok(new OrderIds("oid", id));
        inject(kit, feed, fill(id, Side.SELL, "30000.0", "0.2", "3", "0", "0", T0 + MIN));
        inject(kit, feed, open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN));
        assertEquals(STRATEGY, stateWhen(s -> s.positionsBySymbol().containsKey("BTCUSDT"))
                .positionsBySymbol().get("BTCUSDT").strategy());
    }

    /**
     * Each token is one event: FLAT the flat position update Bybit pushes when an order is placed, ORDER the
     * Filled order update, EXEC the fill, POS the open position update, REST the PlaceOrder's OK answer,
     * AMBIGUOUS a PlaceOrder answer that the outcome is unknown.
     */
    @ParameterizedTest
    @ValueSource(strings = {"FLAT,ORDER,EXEC,POS,REST", "REST,FLAT,ORDER,EXEC,POS", "EXEC,FLAT,POS,ORDER,REST",
            "FLAT,POS,EXEC,ORDER,REST", "AMBIGUOUS,ORDER,EXEC,POS", "AMBIGUOUS,POS,EXEC,ORDER", "FLAT,POS,AMBIGUOUS,EXEC"})
    void thePositionBelongsToTheStrategyWhoseEntryFilledWhateverTheArrivalOrder(String arrival) {
        Signal entry = shortBtc(T0);
        var place = submitEntry(entry, true);
        OrderRequest req = place.op().request();
        String id = req.orderLinkId();
        long t = T0 + MIN;
        for (String event : arrival.split(",")) {
            switch (event) {
                case "FLAT" -> inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", t));
                case "ORDER" -> inject(kit, feed, new AccountEvent.OrderUpdate("BTCUSDT", "oid", id, Side.SELL, "Filled",
                        req.qty(), req.qty(), new BigDecimal("30000.0"), false, "", "EC_NoError", t + 1));
                case "EXEC" -> inject(kit, feed, fill(id, Side.SELL, "30000.0", "0.2", "3", "0", "0", t + 1));
                case "POS" -> inject(kit, feed, open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", t + 1));
                case "REST" -> place.ok(new OrderIds("oid", id));
                case "AMBIGUOUS" -> {
                    place.fail(new BybitError.Ambiguous("read timed out"));
                    stateWhen(s -> s.rejected() == 1);
                }
                default -> throw new IllegalArgumentException(event);
            }
        }
        OrderExecution.State s = stateWhen(st -> st.positionsBySymbol().containsKey("BTCUSDT")
                && !st.positionsBySymbol().get("BTCUSDT").strategy().isEmpty());
        assertEquals(STRATEGY, s.positionsBySymbol().get("BTCUSDT").strategy());

        // ownership decides exits: another strategy's is ignored, the owner's goes out
        exec.tell(new OrderExecution.Submit(exitShort("strategy_b", T0 + 2 * MIN)));
        Signal exit = exitShort(STRATEGY, T0 + 3 * MIN);
        exec.tell(new OrderExecution.Submit(exit));
        OrderRequest close = expectRest(rest, RestOp.PlaceOrder.class).op().request();
        assertEquals(OrderLinkIds.of(exit), close.orderLinkId());
        assertTrue(close.reduceOnly());
        assertEquals(Side.BUY, close.side());
    }

    @Test
    void aPositionClosedByItsStopIsForgottenAtTheFillAndLaterExitsAreNotSent() {
        openOwnedShort();
        // the exchange's stop fires: a fill with no orderLinkId of ours closes the whole position
        inject(kit, feed, fill("", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN));

        RiskActor.TradeClosed closed = RiskProbes.expect(risk, RiskActor.TradeClosed.class, WAIT);
        assertEquals(0, new BigDecimal("-126.1").compareTo(closed.netPnl()), "exec PnL minus both fees: " + closed);
        assertEquals(T0 + 5 * MIN, closed.timeMs());

        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 6 * MIN)));
        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 7 * MIN)));
        OrderExecution.State s = state();
        assertFalse(s.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals(1, s.submitted(), "only the entry went out");

        // the flat update that follows is not a second trade: the next message to Risk is the next entry's check
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 5 * MIN));
        Signal next = shortBtc(T0 + 10 * MIN);
        exec.tell(new OrderExecution.Submit(next));
        assertEquals(next, RiskProbes.expect(risk, RiskActor.Check.class, WAIT).signal());
    }

    @Test
    void aWatchingSymbolIsToldItsStrategysPositionAtOnceAndOnEveryChange() {
        TestProbe<StrategyPositions> btc = kit.createTestProbe();
        exec.tell(new OrderExecution.WatchPositions("BTCUSDT", btc.getRef()));
        assertEquals(Map.of(), btc.receiveMessage(WAIT).byStrategy(), "flat at first");

        openOwnedShort();
        StrategyPositions now = awaitPositions(btc, p -> p.of(STRATEGY).isOpen());
        StrategyPosition own = now.of(STRATEGY);
        assertEquals(Side.SELL, own.side());
        assertEquals(0, new BigDecimal("0.2").compareTo(own.size()));
        assertEquals(30000.0, own.entryPrice(), 1e-9);
        assertEquals(T0 + MIN, own.openedMs());
        assertFalse(now.of("strategy_b").isOpen(), "another strategy does not hold it");

        // the exchange's stop closes it: told flat; the flat update that follows changes nothing, so no message
        inject(kit, feed, fill("", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN));
        awaitPositions(btc, p -> p.byStrategy().isEmpty());
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 5 * MIN));
        btc.expectNoMessage(java.time.Duration.ofMillis(200));
        // a symbol that asks again (it moved to another node) is told at once
        TestProbe<StrategyPositions> moved = kit.createTestProbe();
        exec.tell(new OrderExecution.WatchPositions("BTCUSDT", moved.getRef()));
        assertEquals(Map.of(), moved.receiveMessage(WAIT).byStrategy());
    }

    private static StrategyPositions awaitPositions(TestProbe<StrategyPositions> probe,
                                                    Predicate<StrategyPositions> until) {
        while (true) {
            StrategyPositions m = probe.receiveMessage(WAIT);
            if (until.test(m)) {
                return m;
            }
        }
    }

    @Test
    void aReconciliationThatFindsThePositionGoneIsADifferenceOneThatAgreesIsNot() {
        openOwnedShort();
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        ActorTestSupport.expectPositionsRead(feedRest).ok(positions(
                ActorTestSupport.position("BTCUSDT", Side.SELL, "0.2", "30000.0", "30000.0", "30600.0")));
        OrderExecution.State agreed = stateWhen(s -> s.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals(0, agreed.reconcileDifferences(), agreed.lastReconcileDifference());

        // the stream missed the close (a stop, a liquidation): the next reconciliation finds the position gone
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        ActorTestSupport.expectPositionsRead(feedRest).ok(positions());
        OrderExecution.State s = stateWhen(st -> !st.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals(1, s.reconcileDifferences());
        assertEquals("BTCUSDT: the ledger held SELL 0.2, the exchange holds nothing", s.lastReconcileDifference());
    }

    @Test
    void anOlderOpenUpdateAfterTheClosingFillDoesNotBringThePositionBack() {
        openOwnedShort();
        inject(kit, feed, fill("", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 5 * MIN));
        // e.g. a stop change pushed before the fill but delivered after it
        inject(kit, feed, open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30500.0", T0 + 4 * MIN));
        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 6 * MIN)));
        OrderExecution.State s = state();
        assertFalse(s.positionsBySymbol().containsKey("BTCUSDT"), "stale update ignored: " + s.positionsBySymbol());
        assertEquals(1, s.submitted());
    }

    @Test
    void aReduceOnlyRejectionMeansFlatAndPositionsAreReRead() {
        openOwnedShort();
        Signal exit = exitShort(STRATEGY, T0 + 6 * MIN);
        exec.tell(new OrderExecution.Submit(exit));
        var close = expectRest(rest, RestOp.PlaceOrder.class);
        assertEquals(OrderLinkIds.of(exit), close.op().request().orderLinkId());
        close.fail(new BybitError.Rejected(OrderExecution.REDUCE_ONLY_NOT_SATISFIED, "Reduce-only rule not satisfied"));

        // it reconciles with the exchange, which has nothing open
        ActorTestSupport.expectPositionsRead(feedRest).ok(positions());
        OrderExecution.State s = stateWhen(st -> !st.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals("Rejected", s.ordersByLinkId().get(OrderLinkIds.of(exit)).status());

        // later exits of the strategy on the symbol are not sent again
        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 7 * MIN)));
        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 8 * MIN)));
        assertEquals(2, state().submitted(), "the entry and the one refused exit");
    }

    @Test
    void aPositionStillListedAfterAReduceOnlyRejectionKeepsItsOwner() {
        openOwnedShort();
        exec.tell(new OrderExecution.Submit(exitShort(STRATEGY, T0 + 6 * MIN)));
        expectRest(rest, RestOp.PlaceOrder.class)
                .fail(new BybitError.Rejected(OrderExecution.REDUCE_ONLY_NOT_SATISFIED, "Reduce-only rule not satisfied"));
        ActorTestSupport.expectPositionsRead(feedRest)
                .ok(positions(position("BTCUSDT", Side.SELL, "0.1", "30000.0", "29950.0", "30600.0")));
        io.pybitbot.ledger.PositionView p = stateWhen(st -> st.positionsBySymbol().containsKey("BTCUSDT"))
                .positionsBySymbol().get("BTCUSDT");
        assertEquals(STRATEGY, p.strategy());
        assertEquals("0.1", p.size().toPlainString());

        Signal exit = exitShort(STRATEGY, T0 + 7 * MIN);
        exec.tell(new OrderExecution.Submit(exit));
        OrderRequest close = expectRest(rest, RestOp.PlaceOrder.class).op().request();
        assertEquals(OrderLinkIds.of(exit), close.orderLinkId());
        assertEquals("0.1", close.qty().toPlainString(), "closes what the exchange holds");
    }

    @Test
    void aClosingFillDeliveredAfterTheFlatUpdateCountsTowardsItsOwnTrade() {
        openOwnedShort();
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 5 * MIN));
        inject(kit, feed, fill("", Side.BUY, "29000.0", "0.2", "2.9", "0.2", "200", T0 + 5 * MIN));
        RiskActor.TradeClosed first = RiskProbes.expect(risk, RiskActor.TradeClosed.class, WAIT);
        assertEquals(0, new BigDecimal("194.1").compareTo(first.netPnl()), "both fees and the closing PnL: " + first);
        assertEquals(T0 + 5 * MIN, first.timeMs());

        // the next trade starts from nothing
        var place = submitEntry(shortBtc(T0 + 10 * MIN), false);
        String id = place.op().request().orderLinkId();
        place.ok(new OrderIds("oid2", id));
        inject(kit, feed, fill(id, Side.SELL, "29000.0", "0.2", "2.9", "0", "0", T0 + 11 * MIN));
        inject(kit, feed, open("BTCUSDT", Side.SELL, "0.2", "29000.0", "29600.0", T0 + 11 * MIN));
        inject(kit, feed, fill("", Side.BUY, "29100.0", "0.2", "2.9", "0.2", "-20", T0 + 12 * MIN));
        RiskActor.TradeClosed second = RiskProbes.expect(risk, RiskActor.TradeClosed.class, WAIT);
        assertEquals(0, new BigDecimal("-25.8").compareTo(second.netPnl()), "only its own fills: " + second);
    }

    @Test
    void aReversalWhoseCloseTheExchangeDeactivatedEntersOnceThePositionIsGone() {
        openOwnedShort();
        Signal buy = Signal.entry(STRATEGY, "BTCUSDT", Side.BUY, 29900.0, 29300.0, 31000.0, T0 + 5 * MIN, "reverse");
        exec.tell(new OrderExecution.Submit(buy));
        var close = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest closeReq = close.op().request();
        assertEquals(OrderLinkIds.reversalClose(buy), closeReq.orderLinkId());
        close.ok(new OrderIds("c1", closeReq.orderLinkId()));

        // the stop fires first: the exchange deactivates our reduce-only close, then reports the stop's fill
        inject(kit, feed, new AccountEvent.OrderUpdate("BTCUSDT", "c1", closeReq.orderLinkId(), Side.BUY, "Deactivated",
                closeReq.qty(), BigDecimal.ZERO, BigDecimal.ZERO, true, "", "EC_ReduceOnlyNoPosition", T0 + 6 * MIN));
        var reRead = ActorTestSupport.expectPositionsRead(feedRest);
        inject(kit, feed, fill("", Side.BUY, "30600.0", "0.2", "3.1", "0.2", "-120", T0 + 6 * MIN));
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 6 * MIN));
        reRead.ok(positions());

        RiskProbes.expect(risk, RiskActor.TradeClosed.class, WAIT);
        assertEquals(buy, RiskProbes.expect(risk, RiskActor.Check.class, WAIT).signal(), "the reversal's entry goes on");
    }

    @Test
    void aReversalWhoseCloseWasDeactivatedIsDroppedWhenThePositionIsStillOpen() {
        openOwnedShort();
        Signal buy = Signal.entry(STRATEGY, "BTCUSDT", Side.BUY, 29900.0, 29300.0, 31000.0, T0 + 5 * MIN, "reverse");
        exec.tell(new OrderExecution.Submit(buy));
        var close = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest closeReq = close.op().request();
        close.ok(new OrderIds("c1", closeReq.orderLinkId()));
        inject(kit, feed, new AccountEvent.OrderUpdate("BTCUSDT", "c1", closeReq.orderLinkId(), Side.BUY, "Deactivated",
                closeReq.qty(), BigDecimal.ZERO, BigDecimal.ZERO, true, "", "EC_ReduceOnlyNoPosition", T0 + 6 * MIN));
        ActorTestSupport.expectPositionsRead(feedRest)
                .ok(positions(position("BTCUSDT", Side.SELL, "0.2", "30000.0", "30100.0", "30700.0")));
        // the re-read is in once the exchange's stop (moved meanwhile) shows
        stateWhen(st -> st.positionsBySymbol().get("BTCUSDT").stopLoss().compareTo(new BigDecimal("30700")) == 0);

        // a later flat of that position must not start the stale reversal entry
        inject(kit, feed, AccountEvent.PositionUpdate.flat("BTCUSDT", T0 + 30 * MIN));
        Signal next = Signal.entry(STRATEGY, "ETHUSDT", Side.BUY, 2000, 1980, 2100, T0 + 31 * MIN, "x");
        exec.tell(new OrderExecution.Submit(next));
        assertEquals(next, RiskProbes.expect(risk, RiskActor.Check.class, WAIT).signal());
    }
}
