package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.orders;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.ledger.LedgerEffect;
import io.pybitbot.ledger.LedgerEvent;
import io.pybitbot.risk.Verdict;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import io.pybitbot.risk.actor.RiskActor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.JournalOperation;
import org.apache.pekko.persistence.testkit.ProcessingPolicy;
import org.apache.pekko.persistence.testkit.ProcessingResult;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Risk is asked at once, and a signal's facts ride with the write its verdict asks for (one write on an entry's way,
 * not two); signals arriving while the journal is busy join one write; and still no order is sent before the facts
 * that lead to it are written.
 */
class OrderExecutionGroupCommitTest {

    private static final ActorTestKit kit = ActorTestKit.create("OrderExecutionGroupCommitTest", ActorTestSupport.config());
    private static final long T0 = 1_700_000_000_000L;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    /** Records this ledger's writes; while {@code hold} is set, the next write waits for it to be released. */
    private static final class Writes implements ProcessingPolicy<JournalOperation> {
        final String persistenceId;
        final List<List<Object>> batches = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hold;
        final CountDownLatch held = new CountDownLatch(1);

        Writes(String persistenceId) {
            this.persistenceId = persistenceId;
        }

        @Override
        public ProcessingResult tryProcess(String id, JournalOperation op) {
            if (id.equals(persistenceId) && op instanceof WriteEvents w) {
                batches.add(List.copyOf(w.getBatch()));
                CountDownLatch h = hold;
                if (h != null) {
                    hold = null;
                    held.countDown();
                    try {
                        h.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return ProcessingSuccess.getInstance();
        }
    }

    @Test
    void riskIsAskedAtOnceTheFactsRideWithTheVerdictsWriteAndNoOrderGoesBeforeItsWrite() throws Exception {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        PersistenceId id = ActorTestSupport.freshId("order-execution");
        Writes writes = new Writes(id.id());
        journal.withPolicy(writes);
        try {
            Map<String, InstrumentSpec> specs = IntStream.rangeClosed(1, 6).mapToObj(i -> new InstrumentSpec(
                            "S" + i + "USDT", BTC.tickSize(), BTC.qtyStep(), BTC.minOrderQty(), BTC.maxOrderQty(),
                            BTC.minNotional(), BTC.maxLeverage()))
                    .collect(Collectors.toMap(InstrumentSpec::symbol, Function.identity()));
            InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(T0));
            TestProbe<RiskActor.Command> risk = kit.createTestProbe();
            TestProbe<RestClient.Command> rest = kit.createTestProbe();
            TestProbe<RestClient.Command> feedRest = kit.createTestProbe();
            ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(feedRest.getRef(), clock));
            ActorRef<OrderExecution.Command> exec = kit.spawn(OrderExecution.create(id, risk.getRef(), rest.getRef(),
                    feed, specs, ExecutionSettings.of(new BigDecimal("5")), clock));
            ActorTestSupport.answerStartReads(feedRest, positions());
            // the start: open orders read, then the leverage of every symbol set ahead (so a verdict places at once)
            int presets = 0;
            while (presets < specs.size()) {
                RestClient.Submit<?> s = rest.expectMessageClass(RestClient.Submit.class, WAIT);
                if (s.op() instanceof RestOp.GetOpenOrders) {
                    answer(s, orders());
                } else if (s.op() instanceof RestOp.PresetLeverage) {
                    answer(s, null);
                    presets++;
                } else {
                    throw new AssertionError("unexpected at start: " + s.op());
                }
            }
            TestProbe<OrderExecution.State> state = kit.createTestProbe();
            state.awaitAssert(WAIT, () -> {
                exec.tell(new OrderExecution.GetState(state.getRef()));
                assertTrue(!state.receiveMessage(WAIT).starting(), "still starting");
                return null;
            });

            // Risk is asked before the signal's facts are written: the ask changes nothing outside
            int before = writes.batches.size();
            exec.tell(new OrderExecution.Submit(entry("S1USDT")));
            RiskActor.Check first = RiskProbes.expect(risk, RiskActor.Check.class, WAIT);
            assertEquals("S1USDT", first.signal().symbol());
            assertEquals(Set.of(), riskAsked(flat(writes.batches.subList(before, writes.batches.size()))),
                    "nothing written before the ask");

            // the verdict's write carries the signal's facts and the order's, in one; it is held up, as a busy journal
            CountDownLatch release = new CountDownLatch(1);
            writes.hold = release;
            first.replyTo().tell(APPROVED);
            assertTrue(writes.held.await(10, TimeUnit.SECONDS), "the verdict asked for a write");
            List<Object> held = writes.batches.get(writes.batches.size() - 1);
            assertEquals(Set.of("S1USDT"), riskAsked(held), "the signal's facts: " + held);
            assertEquals(Set.of("S1USDT"), sent(held), "and its order's, in the same write: " + held);
            for (int i = 2; i <= 6; i++) {
                exec.tell(new OrderExecution.Submit(entry("S" + i + "USDT")));
            }
            rest.expectNoMessage(Duration.ofMillis(300)); // no order before its facts are written
            int beforeBurst = writes.batches.size();
            release.countDown();

            // the five that came during the write are decided together and ask Risk at once
            Set<String> asked = new HashSet<>();
            while (asked.size() < 5) {
                RiskActor.Check c = RiskProbes.expect(risk, RiskActor.Check.class, WAIT);
                asked.add(c.signal().symbol());
                c.replyTo().tell(APPROVED);
            }
            Set<String> placed = new HashSet<>();
            while (placed.size() < 6) {
                RestClient.Submit<?> s = rest.expectMessageClass(RestClient.Submit.class, WAIT);
                OrderRequest order = assertInstanceOf(RestOp.PlaceOrder.class, s.op()).request();
                assertTrue(sent(flat(writes.batches)).contains(order.symbol()),
                        order.symbol() + "'s order went out before its facts were written");
                placed.add(order.symbol());
            }
            List<List<Object>> burst = writes.batches.subList(beforeBurst, writes.batches.size());
            List<Object> firstWithOrder = burst.stream().filter(b -> !sent(b).isEmpty()).findFirst().orElseThrow();
            assertEquals(Set.of("S2USDT", "S3USDT", "S4USDT", "S5USDT", "S6USDT"), riskAsked(firstWithOrder),
                    "the five signals' facts ride with the first verdict's write: " + burst);
        } finally {
            journal.resetPolicy();
        }
    }

    @Test
    void onlyAsksOfRiskRunAheadAndNeverPastAMessageForRisk() {
        LedgerEffect.AskRisk ask = new LedgerEffect.AskRisk(entry("S1USDT"), "id-1", BTC);
        LedgerEffect.Note note = new LedgerEffect.Note(LedgerEffect.Level.INFO, "a line");
        assertTrue(OrderExecution.mayRunAhead(List.of(ask, note), List.of()));
        assertTrue(OrderExecution.mayRunAhead(List.of(ask), List.of(new LedgerEffect.Cancel("S2USDT", "id-2"))),
                "an order waiting for its write does not hold an ask back");
        assertFalse(OrderExecution.mayRunAhead(List.of(new LedgerEffect.Cancel("S1USDT", "id-1")), List.of()),
                "a cancel leaves the node: it waits for its facts");
        assertFalse(OrderExecution.mayRunAhead(List.of(ask), List.of(new LedgerEffect.TellRiskTradeClosed("S1USDT",
                BigDecimal.ONE.negate(), T0))), "Risk hears of the closed trade (a cooldown) before it judges the entry");
        assertFalse(OrderExecution.mayRunAhead(List.of(ask), List.of(new LedgerEffect.TellRiskFlat("S1USDT", T0))));
        assertFalse(OrderExecution.mayRunAhead(List.of(ask), List.of(new LedgerEffect.AskRisk(entry("S2USDT"), "id-2",
                BTC))), "asks keep their order");
        assertFalse(OrderExecution.mayRunAhead(List.of(new LedgerEffect.TellRiskEntryEnded("S1USDT")), List.of()));
    }

    private static final Verdict APPROVED = new Verdict.Approved(new BigDecimal("0.010"), new BigDecimal("5"),
            new BigDecimal("300"));

    @SuppressWarnings("unchecked")
    private static <T> void answer(RestClient.Submit<T> s, Object value) {
        s.replyTo().tell(io.pybitbot.exchange.bybit.BybitResult.ok((T) value));
    }

    private static List<Object> flat(List<List<Object>> batches) {
        return List.copyOf(batches).stream().flatMap(List::stream).toList();
    }

    private static Set<String> sent(List<Object> batch) {
        return batch.stream().filter(e -> e instanceof LedgerEvent.OrderSent).map(e -> ((LedgerEvent.OrderSent) e)
                .order().symbol()).collect(Collectors.toSet());
    }

    private static Signal entry(String symbol) {
        return Signal.entry("strategy_a", symbol, Side.BUY, 30000.0, 29400.0, 31000.0, T0, "up");
    }

    private static Set<String> riskAsked(List<Object> batch) {
        return batch.stream().filter(e -> e instanceof LedgerEvent.RiskAsked).map(e -> ((LedgerEvent.RiskAsked) e).symbol())
                .collect(Collectors.toSet());
    }
}
