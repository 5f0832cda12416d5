package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static io.pybitbot.execution.ActorTestSupport.open;
import static io.pybitbot.execution.ActorTestSupport.orders;
import static io.pybitbot.execution.ActorTestSupport.position;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * OrderExecution journals its ledger's facts: a new incarnation on the same journal (a restart, a
 * singleton takeover) knows who owns what, never places a handled intent again, and applies the fills
 * made while it was down exactly once.
 */
class OrderExecutionJournalTest {

    private static final ActorTestKit kit = ActorTestKit.create("OrderExecutionJournalTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    /** @param feedRest the account feed's REST: positions come from the feed, which reads them */
    private record Node(TestProbe<RiskActor.Command> risk, TestProbe<RestClient.Command> rest,
                        TestProbe<RestClient.Command> feedRest, ActorRef<AccountFeed.Command> feed,
                        ActorRef<OrderExecution.Command> exec) {}

    private static Node start(PersistenceId id) {
        TestProbe<RiskActor.Command> risk = kit.createTestProbe();
        TestProbe<RestClient.Command> rest = kit.createTestProbe();
        TestProbe<RestClient.Command> feedRest = kit.createTestProbe();
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(feedRest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(T0 + 30 * MIN))));
        ActorRef<OrderExecution.Command> exec = kit.spawn(OrderExecution.create(id, risk.getRef(), rest.getRef(), feed,
                Map.of("BTCUSDT", BTC, "ETHUSDT", ETH), ExecutionSettings.of(new BigDecimal("5")),
                InstantSource.fixed(Instant.ofEpochMilli(T0 + 30 * MIN))));
        return new Node(risk, rest, feedRest, feed, exec);
    }

    private static OrderExecution.State stateWhen(Node n, Predicate<OrderExecution.State> check) {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        return p.awaitAssert(WAIT, () -> {
            n.exec().tell(new OrderExecution.GetState(p.getRef()));
            OrderExecution.State s = p.receiveMessage(WAIT);
            assertTrue(check.test(s), "state not reached: " + s);
            return s;
        });
    }

    private static ExecutionInfo stopFill(String execId) {
        return new ExecutionInfo("linear", "BTCUSDT", execId, "sl-1", "", "Buy", new BigDecimal("30600.0"),
                new BigDecimal("0.2"), null, new BigDecimal("3.1"), null, "USDT", "Trade", false, new BigDecimal("0.2"),
                new BigDecimal("-120"), BigDecimal.ZERO, null, null, "Market", null, T0 + 20 * MIN, 1L);
    }

    @Test
    void aRestartedOrderExecutionKnowsItsPositionsAndIntentsAndAppliesTheFillsMadeWhileDownOnce() {
        PersistenceId id = ActorTestSupport.freshId("order-execution");
        Node first = start(id);
        ActorTestSupport.answerStartReads(first.feedRest(), positions());
        expectRest(first.rest(), RestOp.GetOpenOrders.class).ok(orders());

        // strategy_a goes short BTC; strategy_b long ETH
        Signal shortBtc = Signal.entry("strategy_a", "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, T0, "down");
        first.exec().tell(new OrderExecution.Submit(shortBtc));
        RiskProbes.expect(first.risk(), RiskActor.Check.class, WAIT).replyTo()
                .tell(new Verdict.Approved(new BigDecimal("0.2"), new BigDecimal("5"), new BigDecimal("6000")));
        expectRest(first.rest(), RestOp.SetLeverage.class).ok(null);
        var place = expectRest(first.rest(), RestOp.PlaceOrder.class);
        OrderRequest req = place.op().request();
        place.ok(new OrderIds("o-1", req.orderLinkId()));
        inject(kit, first.feed(), new AccountEvent.Execution("BTCUSDT", "e-entry", "o-1", req.orderLinkId(), Side.SELL,
                new BigDecimal("30000.0"), new BigDecimal("0.2"), new BigDecimal("3"), BigDecimal.ZERO, BigDecimal.ZERO,
                T0 + MIN));
        inject(kit, first.feed(), open("BTCUSDT", Side.SELL, "0.2", "30000.0", "30600.0", T0 + MIN));
        inject(kit, first.feed(), open("ETHUSDT", Side.BUY, "1.00", "2000.00", "1950.00", T0 + MIN));
        stateWhen(first, s -> "strategy_a".equals(s.positionsBySymbol().get("BTCUSDT") == null ? null
                : s.positionsBySymbol().get("BTCUSDT").strategy()) && s.positionsBySymbol().containsKey("ETHUSDT"));

        // the node dies; a new one starts on the same journal
        kit.stop(first.exec());
        Node second = start(id);

        // it asks for the fills since the last one it applied: the stop fired while it was down
        var fillsRead = expectRest(second.rest(), RestOp.GetExecutions.class);
        assertEquals(T0 + MIN, fillsRead.op().startTimeMs().getAsLong());
        fillsRead.ok(new ExecutionsPage("linear", "", List.of(stopFill("e-stop"))));
        RiskActor.TradeClosed closed = RiskProbes.expect(second.risk(), RiskActor.TradeClosed.class, WAIT);
        assertEquals(0, new BigDecimal("-126.1").compareTo(closed.netPnl()), "the entry's fee came from the journal");

        ActorTestSupport.answerStartReads(second.feedRest(), positions(position("ETHUSDT", Side.BUY, "1.00", "2000.00", "2010.00", "1950.00")));
        expectRest(second.rest(), RestOp.GetOpenOrders.class).ok(orders());
        OrderExecution.State s = stateWhen(second, st -> !st.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals(List.of("ETHUSDT"), List.copyOf(s.positionsBySymbol().keySet()));
        assertEquals(1, s.submitted(), "the counters survive too");

        // the entry intent is never placed again; the next message to Risk is about a new one
        second.exec().tell(new OrderExecution.Submit(shortBtc));
        Signal next = Signal.entry("strategy_a", "BTCUSDT", Side.SELL, 30000.0, 30600.0, 29000.0, T0 + 40 * MIN, "x");
        second.exec().tell(new OrderExecution.Submit(next));
        assertEquals(next, RiskProbes.expect(second.risk(), RiskActor.Check.class, WAIT).signal());

        // a third incarnation: the stop's fill is in the journal now and is not applied twice
        kit.stop(second.exec());
        Node third = start(id);
        var again = expectRest(third.rest(), RestOp.GetExecutions.class);
        assertEquals(T0 + 20 * MIN, again.op().startTimeMs().getAsLong());
        again.ok(new ExecutionsPage("linear", "", List.of(stopFill("e-stop"))));
        ActorTestSupport.answerStartReads(third.feedRest(), positions(position("ETHUSDT", Side.BUY, "1.00", "2000.00", "2010.00", "1950.00")));
        expectRest(third.rest(), RestOp.GetOpenOrders.class).ok(orders());
        third.risk().expectNoMessage(java.time.Duration.ofMillis(300));
        assertEquals(List.of(), stateWhen(third, st -> true).entriesInFlight(),
                "the entry asked of Risk before the stop is released at the restart");
    }
}
