package io.pybitbot.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad history keeps a symbol out of trading (others trade on); stale signals are not traded. */
@ExtendWith(LogCapturingExtension.class)
class SymbolQuarantineTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    static final long MIN = 60_000;
    /** Falling, then crossing up on the last live candle (12 closes at 14) for SMA 2/4. */
    static final double[] CLOSES = {10, 9, 8, 7, 6, 5, 6, 8, 10, 12, 11, 10};

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    static List<Candle> history() {
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < CLOSES.length; i++) {
            all.add(SymbolActorTest.candle(i, CLOSES[i]));
        }
        return all;
    }

    static SymbolActor.Snapshot snapshot(ActorRef<SymbolActor.Command> actor) {
        TestProbe<SymbolActor.Snapshot> p = testKit.createTestProbe();
        actor.tell(new SymbolActor.GetSnapshot(p.getRef()));
        return p.receiveMessage();
    }

    static void awaitWarm(ActorRef<SymbolActor.Command> actor) {
        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(() -> {
            assertTrue(snapshot(actor).warm());
            return null;
        });
    }

    static ActorRef<SymbolActor.Command> spawn(MarketData md, String symbol, TestProbe<Signal> signals) {
        TestProbe<Candle> closed = testKit.createTestProbe();
        return testKit.spawn(SymbolActor.create(symbol, new SymbolActor.Settings(md, SymbolActorTest::smaCross, 6, 3,
                new SymbolActorTest.ProbeOutputs(signals.getRef(), closed.getRef()), Duration.ofMillis(50),
                Duration.ofMillis(200), 0.1, false)));
    }

    @Test
    void aSymbolWithBadHistoryIsQuarantinedAndRetriedWhileAnotherTrades() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> bad = history();
        bad.set(10, new Candle(10 * MIN, 11, 11.5, -1, 11, 1, 11, true)); // a negative low: consistent OHLC, impossible price
        md.candles.put("BADUSDT", new CopyOnWriteArrayList<>(bad));
        md.candles.put("GOODUSDT", new CopyOnWriteArrayList<>(history()));
        md.now.set(CLOSES.length * MIN);
        TestProbe<Signal> badSignals = testKit.createTestProbe();
        TestProbe<Signal> goodSignals = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> badActor = spawn(md, "BADUSDT", badSignals);
        ActorRef<SymbolActor.Command> goodActor = spawn(md, "GOODUSDT", goodSignals);

        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(() -> {
            SymbolActor.Snapshot s = snapshot(badActor);
            assertTrue(s.quarantined(), "quarantined: " + s);
            assertTrue(s.quarantine().contains("not positive"), s.quarantine());
            assertFalse(s.warm());
            return null;
        });
        wait.awaitAssert(() -> {
            assertTrue(snapshot(goodActor).warm());
            return null;
        });
        int callsBefore = md.historyCalls.get();
        wait.awaitAssert(() -> {
            assertTrue(md.historyCalls.get() >= callsBefore + 2, "history is read again with back-off");
            return null;
        });

        // the same live candle reaches both: only the healthy symbol trades it
        md.now.set(13 * MIN);
        md.push("GOODUSDT", SymbolActorTest.candle(12, 14));
        Signal s = goodSignals.receiveMessage(Duration.ofSeconds(3));
        assertEquals(Side.BUY, s.side());
        md.push("BADUSDT", SymbolActorTest.candle(12, 14));
        badSignals.expectNoMessage(Duration.ofMillis(300));

        // the exchange serves clean history again: the symbol comes back and trades
        md.candles.put("BADUSDT", new CopyOnWriteArrayList<>(history()));
        wait.awaitAssert(Duration.ofSeconds(5), () -> {
            SymbolActor.Snapshot snap = snapshot(badActor);
            assertFalse(snap.quarantined(), snap.toString());
            assertTrue(snap.warm());
            return null;
        });
        md.candles.get("BADUSDT").add(SymbolActorTest.candle(12, 14));
        md.now.set(13 * MIN + 1000);
        md.push("BADUSDT", SymbolActorTest.candle(12, 14));
        assertEquals(12 * MIN, badSignals.receiveMessage(Duration.ofSeconds(3)).candleStartMs());
    }

    /** History as scripted, but every gap fill answers that the exchange sent invalid rows. */
    static final class InvalidGapFills implements MarketData {
        final ScriptedMarketData inner;
        volatile boolean invalid = true;

        InvalidGapFills(ScriptedMarketData inner) {
            this.inner = inner;
        }

        @Override
        public long nowMs() {
            return inner.nowMs();
        }

        @Override
        public CompletionStage<List<Candle>> recentClosed(String symbol, Interval interval, int count) {
            return inner.recentClosed(symbol, interval, count);
        }

        @Override
        public CompletionStage<List<Candle>> closedBetween(String symbol, Interval interval, long from, long to) {
            if (invalid) {
                return CompletableFuture.failedFuture(new InvalidHistory(symbol + ": the exchange sent 1 invalid candle"));
            }
            return inner.closedBetween(symbol, interval, from, to);
        }

        @Override
        public org.apache.pekko.stream.javadsl.Source<Event, org.apache.pekko.stream.UniqueKillSwitch> stream(
                String symbol, List<Interval> intervals) {
            return inner.stream(symbol, intervals);
        }
    }

    @Test
    void anInvalidGapFillWhileLiveQuarantinesTheSymbol() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        md.candles.put("GAPUSDT", new CopyOnWriteArrayList<>(history()));
        md.now.set(CLOSES.length * MIN);
        InvalidGapFills gaps = new InvalidGapFills(md);
        gaps.invalid = false;
        TestProbe<Signal> signals = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = spawn(gaps, "GAPUSDT", signals);
        awaitWarm(actor);

        gaps.invalid = true;
        md.now.set(20 * MIN);
        md.connected("GAPUSDT", 2); // a reconnection: candles 12..18 are missing and fetched over REST
        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(() -> {
            SymbolActor.Snapshot s = snapshot(actor);
            assertTrue(s.quarantined(), s.toString());
            assertTrue(s.quarantine().contains("invalid candle"), s.quarantine());
            return null;
        });
        md.push("GAPUSDT", SymbolActorTest.candle(19, 30));
        signals.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aSignalOnACandleThatClosedTooLongAgoIsNotTraded() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        md.candles.put("LATEUSDT", new CopyOnWriteArrayList<>(history()));
        md.now.set(CLOSES.length * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = spawn(md, "LATEUSDT", signals);
        awaitWarm(actor);

        // candle 12 closed at 13 min; it arrives 7 s later: over 10 % of one minute
        md.now.set(13 * MIN + 7_000);
        md.push("LATEUSDT", SymbolActorTest.candle(12, 14));
        signals.expectNoMessage(Duration.ofMillis(300));
        TestProbe<Object> wait = testKit.createTestProbe();
        wait.awaitAssert(() -> {
            assertEquals(1, snapshot(actor).staleSignals());
            return null;
        });
    }

    @Test
    void aSignalWithinTheAgeLimitIsTraded() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        md.candles.put("ONTIMEUSDT", new CopyOnWriteArrayList<>(history()));
        md.now.set(CLOSES.length * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = spawn(md, "ONTIMEUSDT", signals);
        awaitWarm(actor);
        md.now.set(13 * MIN + 5_000); // 5 s late: within 6 s
        md.push("ONTIMEUSDT", SymbolActorTest.candle(12, 14));
        assertEquals(12 * MIN, signals.receiveMessage(Duration.ofSeconds(3)).candleStartMs());
        assertEquals(0, snapshot(actor).staleSignals());
    }
}
