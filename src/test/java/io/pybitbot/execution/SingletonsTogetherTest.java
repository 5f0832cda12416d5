package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.ETH;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.inject;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.risk.TradingState;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.tpsl.TpSlActor;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Risk, OrderExecution, TpSl and the AccountFeed together, with only the REST client as a probe: a signal is sized by the real Risk, placed by OrderExecution, its fill is
 * seen by all three, and a drawdown halt flattens it and denies the next entry.
 */
class SingletonsTogetherTest {

    private static final ActorTestKit kit = ActorTestKit.create("SingletonsTogetherTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(T0));

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private final TestProbe<RestClient.Command> rest = kit.createTestProbe();

    /** Answers reads (an empty account of 10000 USDT) until a write arrives, and returns that write. */
    /** Symbols whose leverage OrderExecution set ahead of their first entry. */
    private final java.util.List<String> preset = new java.util.concurrent.CopyOnWriteArrayList<>();

    private RestClient.Submit<?> nextWrite() {
        while (true) {
            RestClient.Submit<?> s = rest.expectMessageClass(RestClient.Submit.class, WAIT);
            Object op = s.op();
            if (op instanceof RestOp.GetWallet) {
                answer(s, ActorTestSupport.wallet("10000"));
            } else if (op instanceof RestOp.GetPositions) {
                answer(s, ActorTestSupport.positions());
            } else if (op instanceof RestOp.GetOpenOrders) {
                answer(s, ActorTestSupport.orders());
            } else if (op instanceof RestOp.PresetLeverage p) {
                preset.add(p.symbol());
                answer(s, null);
            } else {
                return s;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void answer(RestClient.Submit<T> s, Object value) {
        s.replyTo().tell(BybitResult.ok((T) value));
    }

    private static <S> S await(ActorTestKit kit, java.util.function.Function<ActorRef<S>, ?> ask,
                               java.util.function.Consumer<Object> send, Predicate<S> ok) {
        TestProbe<S> p = kit.createTestProbe();
        return p.awaitAssert(WAIT, () -> {
            send.accept(ask.apply(p.getRef()));
            S s = p.receiveMessage(WAIT);
            assertTrue(ok.test(s), String.valueOf(s));
            return s;
        });
    }

    @Test
    void aSignalIsSizedPlacedProtectedAndFlattenedOnHalt() {
        // the feed reads the account over the same REST as the others; Risk and TpSl read nothing themselves
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(rest.getRef(), CLOCK));
        RiskRules rules = new RiskRules(new RiskLimits(4, 3.0, 1.0, 0.05, 0.20, Duration.ZERO, true),
                SizingRule.fixedNotional(new BigDecimal("1000"), new BigDecimal("5")));
        // wired as a guardian would: Risk announces a halt on its topic, OrderExecution flattens on it
        ActorRef<RiskActor.Command> risk = kit.spawn(RiskActor.create(rules, feed, CLOCK, "risk-together"));
        ActorRef<OrderExecution.Command> exec = kit.spawn(OrderExecution.create(ActorTestSupport.freshId("order-execution"), risk, rest.getRef(), feed,
                Map.of("BTCUSDT", BTC, "ETHUSDT", ETH), ExecutionSettings.of(new BigDecimal("5")), CLOCK));
        ActorRef<TpSlActor.Command> tpsl = kit.spawn(TpSlActor.create(TpSlRules.signalOnly(),
                new TpSlActor.Settings(0.01, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(30)),
                rest.getRef(), feed, risk, Map.of("BTCUSDT", BTC), CLOCK));

        // the start-up reads (the feed's at its start and for OrderExecution's recovery, then the open orders)
        // are answered here; wait until Risk knows the equity
        Signal entry = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.0, 29400.0, 31200.0, T0, "cross up");
        for (int i = 0; i < 5; i++) {
            RestClient.Submit<?> s = rest.expectMessageClass(RestClient.Submit.class, WAIT);
            Object op = s.op();
            if (op instanceof RestOp.PresetLeverage p) {
                preset.add(p.symbol());
                answer(s, null);
                i--;
                continue;
            }
            answer(s, op instanceof RestOp.GetWallet ? ActorTestSupport.wallet("10000")
                    : op instanceof RestOp.GetOpenOrders ? ActorTestSupport.orders() : ActorTestSupport.positions());
        }
        await(kit, RiskActor.GetStatus::new, m -> risk.tell((RiskActor.Command) m), (RiskActor.Status s) -> s.equity() == 10000);

        exec.tell(new OrderExecution.Submit(entry));
        // the leverage is set at start, ahead of entries; an entry that comes before that answer sets it itself
        RestClient.Submit<?> place = nextWrite();
        if (place.op() instanceof RestOp.SetLeverage) {
            answer(place, null);
            place = nextWrite();
        }
        assertTrue(preset.contains("BTCUSDT"), "leverage asked for ahead: " + preset);
        OrderRequest order = assertInstanceOf(RestOp.PlaceOrder.class, place.op()).request();
        assertEquals("0.033", order.qty().toPlainString(), "Risk sized 1000 USDT at 30000, down to the step");
        assertEquals("29400.0", order.stopLoss().toPlainString());
        answer(place, new OrderIds("o-1", order.orderLinkId()));

        // the exchange fills it: the position carries the order's stop
        inject(kit, feed, new AccountEvent.Execution("BTCUSDT", "x-1", "o-1", order.orderLinkId(), Side.BUY,
                new BigDecimal("30000.0"), order.qty(), new BigDecimal("0.54"), BigDecimal.ZERO, BigDecimal.ZERO, T0 + 1));
        inject(kit, feed, ActorTestSupport.open("BTCUSDT", Side.BUY, "0.033", "30000.0", "29400.0", T0 + 1));

        TpSlActor.State protection = await(kit, TpSlActor.GetState::new, m -> tpsl.tell((TpSlActor.Command) m),
                (TpSlActor.State s) -> s.protectedSymbols().equals(List.of("BTCUSDT")));
        assertEquals(0, protection.stopsSet(), "the order's own stop protects it; no fallback needed");
        OrderExecution.State state = await(kit, OrderExecution.GetState::new, m -> exec.tell((OrderExecution.Command) m),
                (OrderExecution.State s) -> s.positionsBySymbol().containsKey("BTCUSDT"));
        assertEquals("strategy_b", state.positionsBySymbol().get("BTCUSDT").strategy());
        await(kit, RiskActor.GetStatus::new, m -> risk.tell((RiskActor.Command) m), (RiskActor.Status s) -> s.openPositions() == 1);

        // a 21 % drawdown halts Risk, which asks for a flatten; OrderExecution closes the position
        inject(kit, feed, new AccountEvent.WalletUpdate(new BigDecimal("7900"), null, null, T0 + 2));
        RestClient.Submit<?> close = nextWrite();
        OrderRequest closeOrder = assertInstanceOf(RestOp.PlaceOrder.class, close.op()).request();
        assertTrue(closeOrder.reduceOnly());
        assertEquals(Side.SELL, closeOrder.side());
        assertEquals("0.033", closeOrder.qty().toPlainString());
        assertEquals(TradingState.HALTED, await(kit, RiskActor.GetStatus::new, m -> risk.tell((RiskActor.Command) m),
                (RiskActor.Status s) -> true).tradingState());

        exec.tell(new OrderExecution.Submit(Signal.entry("strategy_b", "ETHUSDT", Side.BUY, 2000, 1950, 2100, T0 + 3, "x")));
        OrderExecution.State after = await(kit, OrderExecution.GetState::new, m -> exec.tell((OrderExecution.Command) m),
                (OrderExecution.State s) -> s.denied() == 1);
        assertEquals(Map.of("MAX_DRAWDOWN_HALT", 1), after.denialsByReason());
    }
}
