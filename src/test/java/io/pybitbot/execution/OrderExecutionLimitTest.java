package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.config.ExecutionConfig;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.risk.ProtectionFailures;
import io.pybitbot.risk.Verdict;
import io.pybitbot.risk.actor.RiskActor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The actor's side of limit entries: the post-only request, candle closes as its clock, the cancel, the end. */
class OrderExecutionLimitTest {

    private static final ActorTestKit kit = ActorTestKit.create("OrderExecutionLimitTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    @Test
    void aLimitEntryRestsForItsCandlesThenIsCancelledAndTheSymbolFreed() {
        TestProbe<RiskActor.Command> risk = kit.createTestProbe();
        TestProbe<RestClient.Command> rest = kit.createTestProbe();
        TestProbe<RestClient.Command> feedRest = kit.createTestProbe();
        InstantSource clock = InstantSource.fixed(java.time.Instant.ofEpochMilli(T0));
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(feedRest.getRef(), clock));
        ExecutionSettings settings = new ExecutionSettings(new BigDecimal("5"), ExecutionConfig.OrderType.LIMIT, 0, 0,
                Duration.ofSeconds(60), 10_000, ProtectionFailures.Bound.DEFAULT,
                new ExecutionConfig.LimitEntry(1, 2, ExecutionConfig.OnExpiry.CANCEL));
        ActorRef<OrderExecution.Command> exec = kit.spawn(OrderExecution.create(ActorTestSupport.freshId("limit"),
                risk.getRef(), rest.getRef(), feed, Map.of("BTCUSDT", BTC, "ETHUSDT", ETH), settings, clock));
        ActorTestSupport.answerStartReads(feedRest, positions());
        expectRest(rest, RestOp.GetOpenOrders.class).ok(ActorTestSupport.orders());

        Signal signal = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.05, 29400.03, 31200.07, T0, "up");
        exec.tell(new OrderExecution.Submit(signal));
        RiskActor.Check check = RiskProbes.expect(risk, RiskActor.Check.class, WAIT);
        check.replyTo().tell(new Verdict.Approved(new BigDecimal("0.1"), new BigDecimal("5"), new BigDecimal("3000")));
        expectRest(rest, RestOp.SetLeverage.class).ok(null);
        var place = expectRest(rest, RestOp.PlaceOrder.class);
        OrderRequest req = place.op().request();
        assertEquals(OrderRequest.Type.LIMIT, req.type());
        assertEquals("PostOnly", req.toBody().get("timeInForce"));
        assertEquals("29999.9", req.price().toPlainString(), "one tick below the signal's 30000.05, rounded down");
        assertEquals("29400.0", req.stopLoss().toPlainString());
        place.ok(new OrderIds("oid-1", req.orderLinkId()));

        exec.tell(new OrderExecution.CandleClosed("BTCUSDT", T0 + MIN));
        rest.expectNoMessage(Duration.ofMillis(200));
        // Risk keeps the resting entry's slot: its too-old deadline would otherwise drop it after two minutes
        assertEquals("BTCUSDT", RiskProbes.expect(risk, RiskActor.EntryResting.class, WAIT).symbol());
        exec.tell(new OrderExecution.CandleClosed("ETHUSDT", T0 + 2 * MIN)); // another symbol's clock
        rest.expectNoMessage(Duration.ofMillis(200));
        exec.tell(new OrderExecution.CandleClosed("BTCUSDT", T0 + 2 * MIN));
        var cancel = expectRest(rest, RestOp.CancelOrder.class);
        RiskProbes.expect(risk, RiskActor.EntryResting.class, WAIT);
        assertEquals(req.orderLinkId(), cancel.op().orderLinkId());
        assertEquals(1, state(exec).cancelsInFlight());
        cancel.ok(new OrderIds("oid-1", req.orderLinkId()));

        inject(kit, feed, new AccountEvent.OrderUpdate("BTCUSDT", "oid-1", req.orderLinkId(), Side.BUY, "Cancelled",
                req.qty(), BigDecimal.ZERO, BigDecimal.ZERO, false, "", "EC_PerCancelRequest", T0 + 3 * MIN));
        assertEquals("BTCUSDT", RiskProbes.expect(risk, RiskActor.EntryEnded.class, WAIT).symbol());
        // the cancel's answer comes back through an ask and may land after the Cancelled update, as on the exchange
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        OrderExecution.State s = p.awaitAssert(WAIT, () -> {
            OrderExecution.State now = state(exec);
            assertEquals(0, now.cancelsInFlight(), now.toString());
            return now;
        });
        assertTrue(s.entriesInFlight().isEmpty(), s.toString());
        assertEquals(1, s.denialsByReason().get("LIMIT_NOT_FILLED"));
        assertEquals(T0 + 2 * MIN, s.candleClosedMs().get("BTCUSDT"));
    }

    private static OrderExecution.State state(ActorRef<OrderExecution.Command> exec) {
        TestProbe<OrderExecution.State> p = kit.createTestProbe();
        exec.tell(new OrderExecution.GetState(p.getRef()));
        return p.receiveMessage(WAIT);
    }
}
