package io.pybitbot.execution;

import io.pybitbot.ledger.OrderLinkIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.actor.RiskActor;
import io.pybitbot.risk.TradingState;
import io.pybitbot.risk.Verdict;
import io.pybitbot.tpsl.TpSlActor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every message, reply and event that can cross nodes goes through CBOR and comes back equal. */
class ProtocolSerializationTest {

    private static final ActorTestKit kit = ActorTestKit.create("ProtocolSerializationTest", ActorTestSupport.config());

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private static final long T = 1_700_000_000_000L;

    private static List<Object> messages() {
        TestProbe<Verdict> verdicts = kit.createTestProbe();
        TestProbe<AccountEvent> events = kit.createTestProbe();
        Signal entry = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.5, 29400.0, Double.NaN, T, "cross up");
        Signal exit = Signal.exit("strategy_a", "ETHUSDT", Side.SELL, 2000, T, "exit");
        AccountEvent.OrderUpdate order = new AccountEvent.OrderUpdate("BTCUSDT", "1", "strategy_b-BTCUSDT-x-EB", Side.BUY,
                "Filled", new BigDecimal("0.010"), new BigDecimal("0.010"), new BigDecimal("30000.50"), false, "",
                "EC_NoError", T);
        AccountEvent.Execution execution = new AccountEvent.Execution("BTCUSDT", "e", "1", "", Side.SELL,
                new BigDecimal("95900.1"), new BigDecimal("0.5"), new BigDecimal("26.3725275"), new BigDecimal("0.5"),
                new BigDecimal("-0.05"), T);
        AccountEvent.PositionUpdate position = ActorTestSupport.open("BTCUSDT", Side.SELL, "0.010", "28150.2", "28500", T);
        AccountEvent.PositionUpdate flat = AccountEvent.PositionUpdate.flat("BTCUSDT", T);
        AccountEvent.WalletUpdate wallet = new AccountEvent.WalletUpdate(new BigDecimal("10262.91"),
                new BigDecimal("9684.46"), new BigDecimal("15.66"), T);
        io.pybitbot.ledger.OrderView orderView = new io.pybitbot.ledger.OrderView("id-1", "BTCUSDT", "strategy_b",
                OrderLinkIds.Kind.ENTRY, Side.BUY, new BigDecimal("0.166"), new BigDecimal("31200.1"),
                new BigDecimal("29400.0"), "Accepted", "oid", BigDecimal.ZERO, BigDecimal.ZERO, "cross up");
        io.pybitbot.ledger.PositionView positionView = new io.pybitbot.ledger.PositionView("BTCUSDT", "strategy_b", Side.BUY,
                new BigDecimal("0.166"), new BigDecimal("30010.0"), new BigDecimal("29400.0"), BigDecimal.ZERO, T, T - 60_000);
        TpSlActor.ProtectionView protection = new TpSlActor.ProtectionView("BTCUSDT", Side.BUY, new BigDecimal("0.1"),
                new BigDecimal("30000.0"), new BigDecimal("29700.0"), BigDecimal.ZERO, new BigDecimal("200.0"), -1, true,
                false);

        List<Object> all = new ArrayList<>(List.of(
                // RiskActor
                new RiskActor.Check(entry, ActorTestSupport.BTC, verdicts.getRef()),
                new RiskActor.Account(wallet),
                new RiskActor.TradeClosed("BTCUSDT", new BigDecimal("-12.50"), T),
                new RiskActor.GetStatus(kit.<RiskActor.Status>createTestProbe().getRef()),
                new RiskActor.ResetHalt("alice", kit.<RiskActor.Status>createTestProbe().getRef()),
                new RiskActor.EntryEnded("ETHUSDT"),
                new RiskActor.PositionClosed("BTCUSDT", T),
                new RiskActor.Account(new AccountEvent.Snapshot(AccountEvent.Snapshot.Kind.SUBSCRIBED, List.of(),
                        null, List.of(), "", T)),
                new RiskActor.Halt("bob", "news at 14:30", kit.<RiskActor.Status>createTestProbe().getRef()),
                new RiskActor.HaltSymbol("XRPUSDT", "tpsl", "3 failed stop placements in 60 s"),
                new RiskActor.Status(10000, 11000, 10500, 1, 3000.5, TradingState.HALTED, "MAX_DRAWDOWN_HALT: dd", 19_700,
                        Map.of("XRPUSDT", "3 failed stop placements in 60 s"), Map.of("strategy_b", "paused by alice")),
                new RiskActor.PauseStrategy("strategy_b", "alice", kit.<RiskActor.Status>createTestProbe().getRef()),
                new RiskActor.ResumeStrategy("strategy_b", "alice", kit.<RiskActor.Status>createTestProbe().getRef()),
                new RiskActor.HaltNotice("MAX_DRAWDOWN_HALT", "drawdown 21%", true, T),
                // what Risk journals
                new io.pybitbot.risk.actor.RiskEvent.PeakRaised(11000.5, T),
                new io.pybitbot.risk.actor.RiskEvent.DayRolledOver(19_700, 10500, T),
                new io.pybitbot.risk.actor.RiskEvent.Halted("MAX_DRAWDOWN_HALT", "drawdown 21%", T),
                new io.pybitbot.risk.actor.RiskEvent.HaltLifted("alice", 8700, T),
                new io.pybitbot.risk.actor.RiskEvent.CooldownStarted("BTCUSDT", T + 900_000, T),
                new io.pybitbot.risk.actor.RiskEvent.SymbolHalted("XRPUSDT", "tpsl", "3 failed stop placements", T),
                new io.pybitbot.risk.actor.RiskEvent.SymbolHaltsLifted("alice", T),
                new io.pybitbot.risk.actor.RiskEvent.StrategyPaused("strategy_b", "alice", T),
                new io.pybitbot.risk.actor.RiskEvent.StrategyResumed("strategy_b", "alice", T),
                new io.pybitbot.risk.actor.RiskBook(11000, 19_700, 10500, "MAX_DRAWDOWN_HALT", "dd", T, "",
                        Map.of("BTCUSDT", T + 900_000), Map.of("XRPUSDT", "3 failed stop placements"),
                        Map.of("strategy_b", "paused by alice")),
                new Verdict.Approved(new BigDecimal("0.166"), new BigDecimal("5"), new BigDecimal("4980.0")),
                new Verdict.Denied(DenyReason.COOLDOWN, "cools down"),
                // OrderExecution
                new OrderExecution.Submit(entry),
                new OrderExecution.Submit(exit),
                new OrderExecution.FlattenAll("risk halt"),
                new OrderExecution.CandleClosed("BTCUSDT", T),
                new RiskActor.EntryResting("BTCUSDT"),
                new OrderExecution.FlattenSymbol("BTCUSDT", "operator", kit.<OrderExecution.FlattenAnswer>createTestProbe().getRef()),
                new OrderExecution.FlattenAnswer("BTCUSDT", true, "closing BUY 0.1 BTCUSDT"),
                new OrderExecution.GetState(kit.<OrderExecution.State>createTestProbe().getRef()),
                new OrderExecution.WatchPositions("BTCUSDT",
                        kit.<io.pybitbot.domain.StrategyPositions>createTestProbe().getRef()),
                new io.pybitbot.domain.StrategyPositions("BTCUSDT", java.util.Map.of("strategy_b",
                        io.pybitbot.domain.StrategyPosition.open(Side.BUY, new BigDecimal("0.166"), 30010.0, T))),
                new io.pybitbot.domain.StrategyPositions("ETHUSDT", java.util.Map.of()),
                orderView,
                positionView,
                new OrderExecution.State(Map.of("id-1", orderView), Map.of("BTCUSDT", positionView), 3, 2, 1,
                        Map.of("COOLDOWN", 2), java.util.List.of("ETHUSDT"), 1, "BTCUSDT: the ledger held BUY 0.1, the exchange holds nothing",
                        false, 1, Map.of("BTCUSDT", T)),
                // TpSlActor
                new TpSlActor.PriceUpdate("BTCUSDT", 30123.4, 187.25, T),
                new TpSlActor.PriceUpdate("BTCUSDT", 30123.4, Double.NaN, T),
                new TpSlActor.GetState(kit.<TpSlActor.State>createTestProbe().getRef()),
                protection,
                new TpSlActor.State(Map.of("BTCUSDT", protection), List.of("BTCUSDT"), List.of(), 1, 1, 0, 0, 3,
                        List.of("BTCUSDT"), 1, Map.of("BTCUSDT", T + 1)),
                // AccountFeed and its events
                new AccountFeed.Subscribe(events.getRef()),
                new AccountFeed.Inject(order),
                new AccountFeed.GetStats(kit.<AccountFeed.Stats>createTestProbe().getRef()),
                AccountFeed.Reconcile.INSTANCE,
                new AccountFeed.Stats(3, 1, 42, true, 2, 1),
                order, execution, position, flat, wallet,
                new AccountEvent.Snapshot(AccountEvent.Snapshot.Kind.RECONCILED, List.of(position), wallet,
                        List.of(order), "", T),
                new AccountEvent.Snapshot(AccountEvent.Snapshot.Kind.RECONCILE_FAILED, List.of(), null, List.of(),
                        "503 busy", T)));
        return all;
    }

    @Test
    void everyCrossNodeMessageRoundTripsThroughCbor() {
        List<Object> all = messages();
        for (Object m : all) {
            assertTrue(m instanceof CborSerializable, m.getClass() + " is not CborSerializable");
            Object back = kit.serializationTestKit().verifySerialization(m, false);
            assertEquals(m, back);
            assertTrue(SerializationExtension.get(kit.system().classicSystem()).findSerializerFor(m)
                    instanceof JacksonCborSerializer, m.getClass() + " is not bound to jackson-cbor");
        }
    }

    @Test
    void everyPublicMessageTypeOfTheProtocolsIsInTheCheck() {
        java.util.Set<Class<?>> checked = new java.util.HashSet<>();
        messages().forEach(m -> checked.add(m.getClass()));
        for (Class<?> protocol : List.of(RiskActor.Command.class, OrderExecution.Command.class, TpSlActor.Command.class,
                AccountFeed.Command.class, AccountEvent.class, Verdict.class)) {
            for (Class<?> type : protocol.getPermittedSubclasses()) {
                if (java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                    assertTrue(checked.contains(type), type.getName() + " has no serialization check");
                }
            }
        }
        // replies named in the protocols
        for (Class<?> reply : List.of(RiskActor.Status.class, OrderExecution.State.class, TpSlActor.State.class,
                AccountFeed.Stats.class)) {
            assertTrue(checked.contains(reply), reply.getName() + " has no serialization check");
        }
    }
}
