package io.pybitbot.symbol;

import static io.pybitbot.symbol.SymbolActorTest.MIN;
import static io.pybitbot.symbol.SymbolActorTest.candle;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.execution.ActorTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A symbol that changes owner (a rebalance, a crash, a restart) goes on from the last candle its predecessor acted
 * on, as journaled by {@link CandleProgress}: the candles that closed in between are acted on, none twice.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class SymbolHandoverTest {

    static final ActorTestKit testKit = ActorTestKit.create(ActorTestSupport.config());
    static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    private static List<Candle> series(double... closes) {
        List<Candle> out = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            out.add(candle(i, closes[i]));
        }
        return out;
    }

    private record Owner(ActorRef<SymbolActor.Command> actor, TestProbe<Signal> signals, TestProbe<Candle> closed) {
    }

    private static Owner start(ScriptedMarketData md, String symbol) {
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create(symbol, SymbolActorTest.settings(md,
                SymbolActorTest::smaCross, new SymbolActorTest.ProbeOutputs(signals.getRef(), closed.getRef()))
                .journaled(true)));
        TestProbe<SymbolActor.Snapshot> snap = testKit.createTestProbe();
        snap.awaitAssert(() -> {
            actor.tell(new SymbolActor.GetSnapshot(snap.getRef()));
            org.junit.jupiter.api.Assertions.assertTrue(snap.receiveMessage().live());
            return null;
        });
        return new Owner(actor, signals, closed);
    }

    private static void handOver(Owner owner) {
        TestProbe<Object> watcher = testKit.createTestProbe();
        owner.actor().tell(SymbolActor.Stop.INSTANCE);
        watcher.expectTerminated(owner.actor(), Duration.ofSeconds(5));
    }

    private static List<Long> journaledStarts(String symbol) {
        return journal.persistedInStorage(CandleProgress.persistenceId(symbol).id()).stream()
                .map(e -> ((CandleProgress.Processed) e).startMs() / MIN).toList();
    }

    /** The journal's candles (minutes) become {@code expected}: they are written after the candle's outputs went. */
    private static void awaitJournaled(String symbol, List<Long> expected) {
        testKit.createTestProbe().awaitAssert(() -> {
            assertEquals(expected, journaledStarts(symbol));
            return null;
        });
    }

    @Test
    void theNextOwnerActsOnTheCandlesThatClosedWhileNobodyRanTheSymbolAndOnNoneBefore() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        // falling, a cross up (7) and a cross down (11), all in the history: no order from them
        List<Candle> all = series(10, 9, 8, 7, 6, 5, 6, 8, 10, 12, 11, 10, 9, 9, 15);
        md.candles.put("CUSDT", new CopyOnWriteArrayList<>(all.subList(0, 12)));
        md.now.set(12 * MIN);
        Owner first = start(md, "CUSDT");
        md.candles.get("CUSDT").add(all.get(12));
        md.now.set(13 * MIN);
        md.push("CUSDT", all.get(12));
        assertEquals(12 * MIN, first.closed().receiveMessage().startMs());
        first.signals().expectNoMessage(Duration.ofMillis(100));
        handOver(first);

        // candles 13 and 14 close while no node runs the symbol; 14 is a cross up (SMA2 12 > SMA4 10.75)
        md.candles.get("CUSDT").addAll(all.subList(13, 15));
        md.now.set(15 * MIN);
        Owner next = start(md, "CUSDT");
        assertEquals(13 * MIN, next.closed().receiveMessage().startMs());
        assertEquals(14 * MIN, next.closed().receiveMessage().startMs());
        next.closed().expectNoMessage(Duration.ofMillis(100));
        Signal entry = next.signals().receiveMessage(Duration.ofSeconds(3));
        assertEquals(Signal.Kind.ENTRY, entry.kind());
        assertEquals(Side.BUY, entry.side());
        assertEquals(14 * MIN, entry.candleStartMs());
        next.signals().expectNoMessage(Duration.ofMillis(100));
        // the journal: the first owner's baseline (11, its last history candle) and 12, then the next owner's 13, 14
        awaitJournaled("CUSDT", List.of(11L, 12L, 13L, 14L));
        testKit.stop(next.actor());
    }

    @Test
    void anExchangeThatStartedOverIsFollowedBackInTime() {
        ScriptedMarketData before = new ScriptedMarketData(Interval.M1);
        before.candles.put("EUSDT", new CopyOnWriteArrayList<>(series(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
        before.now.set(12 * MIN);
        handOver(start(before, "EUSDT"));
        // a simulator replaying from an earlier point: its newest closed candle is 5
        ScriptedMarketData after = new ScriptedMarketData(Interval.M1);
        List<Candle> earlier = series(1, 2, 3, 4, 5, 6, 7);
        after.candles.put("EUSDT", new CopyOnWriteArrayList<>(earlier.subList(0, 6)));
        after.now.set(6 * MIN);
        Owner next = start(after, "EUSDT");
        after.candles.get("EUSDT").add(earlier.get(6));
        after.now.set(7 * MIN);
        after.push("EUSDT", earlier.get(6));
        assertEquals(6 * MIN, next.closed().receiveMessage().startMs(), "live candles are acted on, not held back");
        awaitJournaled("EUSDT", List.of(11L, 5L, 6L));
        testKit.stop(next.actor());
    }

    @Test
    void afterAnOutageLongerThanTheHistoryTheOldCandlesOnlyWarmUp() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(candle(i, 100 + (i % 5)));
        }
        md.candles.put("DUSDT", new CopyOnWriteArrayList<>(all.subList(0, 10)));
        md.now.set(10 * MIN);
        handOver(start(md, "DUSDT"));
        md.candles.get("DUSDT").addAll(all.subList(10, 40));
        md.now.set(40 * MIN);
        Owner next = start(md, "DUSDT");
        next.closed().expectNoMessage(Duration.ofMillis(200));
        next.signals().expectNoMessage(Duration.ofMillis(10));
        // 9 was the first owner's last; the next owner's history (6 candles: 34..39) does not reach back to it
        awaitJournaled("DUSDT", List.of(9L, 39L));
        testKit.stop(next.actor());
    }
}
