package io.pybitbot.execution;

import static io.pybitbot.execution.ActorTestSupport.BTC;
import static io.pybitbot.execution.ActorTestSupport.WAIT;
import static io.pybitbot.execution.ActorTestSupport.expectRest;
import static io.pybitbot.execution.ActorTestSupport.orders;
import static io.pybitbot.execution.ActorTestSupport.positions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.account.AccountFeed;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.ledger.LedgerEvent;
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
 * A burst of signals arriving while the journal is busy is journaled in one write, not one write each, and still
 * nothing is asked of Risk (let alone sent) before the facts that lead to it are written.
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
                batches.add(List.copyOf(w.getBatch()));
            }
            return ProcessingSuccess.getInstance();
        }
    }

    @Test
    void signalsThatArriveWhileAWriteIsUnderWayAreJournaledTogetherAndAskRiskOnlyOnceWritten() throws Exception {
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
            expectRest(rest, RestOp.GetOpenOrders.class).ok(orders());
            TestProbe<OrderExecution.State> state = kit.createTestProbe();
            state.awaitAssert(WAIT, () -> {
                exec.tell(new OrderExecution.GetState(state.getRef()));
                assertTrue(!state.receiveMessage(WAIT).starting(), "still starting");
                return null;
            });

            // the first signal's write is held up, as a busy journal would
            CountDownLatch release = new CountDownLatch(1);
            writes.hold = release;
            exec.tell(new OrderExecution.Submit(entry("S1USDT")));
            assertTrue(writes.held.await(10, TimeUnit.SECONDS), "the first signal's facts were written");
            int before = writes.batches.size();
            for (int i = 2; i <= 6; i++) {
                exec.tell(new OrderExecution.Submit(entry("S" + i + "USDT")));
            }
            risk.expectNoMessage(Duration.ofMillis(300)); // nothing is asked before its facts are written
            release.countDown();

            Set<String> asked = new HashSet<>();
            while (asked.size() < 6) {
                asked.add(RiskProbes.expect(risk, RiskActor.Check.class, WAIT).signal().symbol());
            }
            List<List<Object>> after = writes.batches.subList(before, writes.batches.size());
            assertEquals(Set.of("S1USDT"), riskAsked(after.get(0)), "the held write: the first signal only");
            assertEquals(Set.of("S2USDT", "S3USDT", "S4USDT", "S5USDT", "S6USDT"), riskAsked(after.get(1)),
                    "the five that came while it was held, in one write: " + after);
        } finally {
            journal.resetPolicy();
        }
    }

    private static Signal entry(String symbol) {
        return Signal.entry("strategy_a", symbol, Side.BUY, 30000.0, 29400.0, 31000.0, T0, "up");
    }

    private static Set<String> riskAsked(List<Object> batch) {
        return batch.stream().filter(e -> e instanceof LedgerEvent.RiskAsked).map(e -> ((LedgerEvent.RiskAsked) e).symbol())
                .collect(Collectors.toSet());
    }
}
