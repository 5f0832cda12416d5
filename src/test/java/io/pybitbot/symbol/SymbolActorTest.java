package io.pybitbot.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.strategy.SmaCrossStrategy;
import io.pybitbot.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension.class)
class SymbolActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    static final long MIN = 60_000;

    @AfterAll
    static void cleanup() {
        testKit.shutdownTestKit();
    }

    static Candle candle(int i, double close) {
        return Candle.closed(i * MIN, close, close + 0.5, close - 0.5, close, 1, close);
    }

    static Candle forming(int i, double close) {
        return new Candle(i * MIN, close, close + 0.5, close - 0.5, close, 1, close, false);
    }

    /** Waits until the symbol has loaded its history and gone live. */
    static void awaitWarm(ActorRef<SymbolActor.Command> actor) {
        TestProbe<SymbolActor.Snapshot> snap = testKit.createTestProbe();
        snap.awaitAssert(() -> {
            actor.tell(new SymbolActor.GetSnapshot(snap.getRef()));
            assertTrue(snap.receiveMessage().live());
            return null;
        });
    }

    /** Outputs that forward to probes. */
    record ProbeOutputs(ActorRef<Signal> signals, ActorRef<Candle> closed) implements SymbolActor.Outputs {
        @Override
        public void signal(Signal signal) {
            signals.tell(signal);
        }

        @Override
        public void candleClosed(String symbol, Candle candle, double atr) {
            closed.tell(candle);
        }
    }

    static SymbolActor.Settings settings(ScriptedMarketData md, java.util.function.Function<String, List<SymbolActor.Slot>> f,
                                         SymbolActor.Outputs out) {
        return new SymbolActor.Settings(md, f, 6, 3, out, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    static List<SymbolActor.Slot> smaCross(String symbol) {
        return List.of(new SymbolActor.Slot("strategy_b", Interval.M1,
                new SmaCrossStrategy("strategy_b", symbol, new SmaCrossStrategy.Params(2, 4, 3, 2, 3))));
    }

    @Test
    void warmsUpOnHistoryWithoutTradingThenSignalsOnLiveCandles() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        // history: falling then a cross up at index 7 (in the past: must not produce an order)
        double[] closes = {10, 9, 8, 7, 6, 5, 6, 8, 10, 12, 11, 10};
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < closes.length; i++) {
            all.add(candle(i, closes[i]));
        }
        md.candles.put("AUSDT", new ArrayList<>(all));
        md.now.set(closes.length * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("AUSDT",
                settings(md, SymbolActorTest::smaCross, new ProbeOutputs(signals.getRef(), closed.getRef()))));
        awaitWarm(actor);
        signals.expectNoMessage(Duration.ofMillis(100));
        // history ended below (a cross down at candle 11, in the past: no order). Live: a forming candle
        // is ignored, then candle 12 closes at 14 → SMA2 12 > SMA4 11.75 → a cross up → a long entry
        md.push("AUSDT", forming(12, 9));
        md.push("AUSDT", candle(12, 14));
        assertEquals(12 * MIN, closed.receiveMessage().startMs());
        Signal s = signals.receiveMessage(Duration.ofSeconds(3));
        assertEquals(Side.BUY, s.side());
        assertEquals(Signal.Kind.ENTRY, s.kind());
        assertEquals(12 * MIN, s.candleStartMs(), "signals come from live candles only");
        signals.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void eachClosedCandleOnceInOrderAndGapsFilledAfterReconnect() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            all.add(candle(i, 100 + (i % 3)));
        }
        md.candles.put("BUSDT", new CopyOnWriteArrayList<>(all.subList(0, 10)));
        md.now.set(10 * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("BUSDT",
                settings(md, SymbolActorTest::smaCross, new ProbeOutputs(signals.getRef(), closed.getRef()))));
        awaitWarm(actor);
        // duplicates and a repeat are dropped
        md.push("BUSDT", all.get(10), all.get(10));
        md.push("BUSDT", all.get(9), all.get(11));
        assertEquals(10 * MIN, closed.receiveMessage().startMs());
        assertEquals(11 * MIN, closed.receiveMessage().startMs());
        closed.expectNoMessage(Duration.ofMillis(100));
        // the socket drops; candles 12..15 close meanwhile; on reconnect they come over REST, in order
        md.candles.get("BUSDT").addAll(all.subList(10, 16));
        md.now.set(16 * MIN);
        md.connected("BUSDT", 2);
        md.push("BUSDT", all.get(16)); // a push racing the back-fill must wait for it
        for (int i = 12; i <= 16; i++) {
            assertEquals(i * MIN, closed.receiveMessage().startMs(), "candle " + i);
        }
        closed.expectNoMessage(Duration.ofMillis(100));
        assertTrue(md.rangeCalls.contains("BUSDT:" + 12 * MIN + "-" + 15 * MIN), md.rangeCalls.toString());
    }

    @Test
    void aPushThatSkipsAheadOfALaggingClockStillGetsTheMissedCandlesFirst() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(candle(i, 100 + (i % 3)));
        }
        md.candles.put("SKUSDT", new CopyOnWriteArrayList<>(all.subList(0, 10)));
        md.now.set(10 * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("SKUSDT",
                settings(md, SymbolActorTest::smaCross, new ProbeOutputs(signals.getRef(), closed.getRef()))));
        awaitWarm(actor);
        // the exchange has closed candle 11 while this node's estimate of its clock says only 9 has: 10 was not pushed
        md.candles.get("SKUSDT").addAll(all.subList(10, 12));
        md.exchangeAheadMs.set(2 * MIN + MIN / 2);
        md.push("SKUSDT", all.get(11));
        for (int i = 10; i <= 11; i++) {
            assertEquals(i * MIN, closed.receiveMessage().startMs(), "candle " + i);
        }
        closed.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void theStreamsConnectionsStallsAndCloseLagAreInTheSnapshot() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(candle(i, 100 + (i % 3)));
        }
        md.candles.put("BUSDT", new CopyOnWriteArrayList<>(all.subList(0, 10)));
        md.now.set(10 * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("BUSDT",
                settings(md, SymbolActorTest::smaCross, new ProbeOutputs(signals.getRef(), closed.getRef()))));
        awaitWarm(actor);
        md.connected("BUSDT", 1);
        md.stalled("BUSDT", 1);
        md.connected("BUSDT", 2);
        md.now.set(11 * MIN + 1_500); // candle 10 closed at 11 min; it arrives 1.5 s later
        md.push("BUSDT", all.get(10));
        assertEquals(10 * MIN, closed.receiveMessage().startMs());
        TestProbe<SymbolActor.Snapshot> p = testKit.createTestProbe();
        SymbolActor.StreamHealth h = p.awaitAssert(() -> {
            actor.tell(new SymbolActor.GetSnapshot(p.getRef()));
            SymbolActor.StreamHealth s = p.receiveMessage().stream();
            assertEquals(2, s.connections(), s.toString());
            return s;
        });
        assertEquals(1, h.stalls());
        assertEquals(1_500, h.lastCloseLagMs());
        assertEquals(11 * MIN + 1_500, h.lastEventMs());
    }

    @Test
    void aCloseMissedWithoutReconnectionIsFetchedOverRest() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(candle(i, 100 + (i % 4)));
        }
        md.candles.put("EUSDT", new CopyOnWriteArrayList<>(all.subList(0, 10)));
        md.now.set(10 * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("EUSDT",
                settings(md, SymbolActorTest::smaCross, new ProbeOutputs(signals.getRef(), closed.getRef()))));
        awaitWarm(actor);
        md.push("EUSDT", all.get(10));
        assertEquals(10 * MIN, closed.receiveMessage().startMs());
        // candle 11 closes but its push is lost; the socket stays up. Candle 12's push reveals the hole
        md.candles.get("EUSDT").addAll(all.subList(10, 13));
        md.now.set(13 * MIN);
        md.push("EUSDT", all.get(12));
        assertEquals(11 * MIN, closed.receiveMessage().startMs(), "the missed candle first, from REST");
        assertEquals(12 * MIN, closed.receiveMessage().startMs());
        closed.expectNoMessage(Duration.ofMillis(100));
        // a poll when nothing is missing fetches nothing new and delivers nothing twice
        actor.tell(SymbolActor.Poll.INSTANCE);
        closed.expectNoMessage(Duration.ofMillis(150));
    }

    @Test
    void aFailingStrategyRestartsOnlyItsSymbol() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        for (String s : List.of("CUSDT", "DUSDT")) {
            List<Candle> cs = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 8; i++) {
                cs.add(candle(i, 50));
            }
            md.candles.put(s, cs);
        }
        md.now.set(8 * MIN);
        AtomicBoolean explode = new AtomicBoolean(true);
        java.util.function.Function<String, List<SymbolActor.Slot>> strategies = symbol -> List.of(
                new SymbolActor.Slot("boom", Interval.M1, new Strategy() {
                    @Override
                    public int warmupCandles() {
                        return 1;
                    }

                    @Override
                    public Signal onCandle(Candle c) {
                        if (symbol.equals("CUSDT") && c.close() == 666 && explode.getAndSet(false)) {
                            throw new IllegalStateException("strategy bug on " + symbol);
                        }
                        return null;
                    }
                }));
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closedC = testKit.createTestProbe();
        TestProbe<Candle> closedD = testKit.createTestProbe();
        ActorRef<SymbolActor.Command> c = testKit.spawn(SymbolActor.create("CUSDT",
                settings(md, strategies, new ProbeOutputs(signals.getRef(), closedC.getRef()))));
        ActorRef<SymbolActor.Command> d = testKit.spawn(SymbolActor.create("DUSDT",
                settings(md, strategies, new ProbeOutputs(signals.getRef(), closedD.getRef()))));
        TestProbe<SymbolActor.Snapshot> snap = testKit.createTestProbe();
        for (ActorRef<SymbolActor.Command> a : List.of(c, d)) {
            snap.awaitAssert(() -> {
                a.tell(new SymbolActor.GetSnapshot(snap.getRef()));
                assertTrue(snap.receiveMessage().warm());
                return null;
            });
        }
        int historyBefore = md.historyCalls.get();
        md.now.set(9 * MIN);
        md.push("CUSDT", Candle.closed(8 * MIN, 666, 666, 666, 666, 1, 666));
        md.candles.get("CUSDT").add(Candle.closed(8 * MIN, 666, 666, 666, 666, 1, 666));
        md.push("DUSDT", candle(8, 51));
        assertEquals(8 * MIN, closedD.receiveMessage().startMs(), "the other symbol keeps trading");
        // CUSDT restarts: it reloads its history (one more call) and becomes warm again
        snap.awaitAssert(Duration.ofSeconds(5), () -> {
            assertTrue(md.historyCalls.get() > historyBefore, "history reloaded after the restart");
            c.tell(new SymbolActor.GetSnapshot(snap.getRef()));
            SymbolActor.Snapshot s = snap.receiveMessage();
            assertTrue(s.warm());
            assertEquals(8 * MIN, s.lastClosedStartMs().get("1"));
            return null;
        });
        md.push("DUSDT", candle(9, 52));
        assertEquals(9 * MIN, closedD.receiveMessage().startMs());
    }

    /** A strategy that wants {@code warmup} candles and then signals a long on every candle. */
    static Strategy eager(String name, String symbol, int warmup) {
        return new Strategy() {
            @Override
            public int warmupCandles() {
                return warmup;
            }

            @Override
            public Signal onCandle(Candle c) {
                return Signal.entry(name, symbol, Side.BUY, c.close(), c.close() - 1, c.close() + 1, c.startMs(), "test");
            }
        };
    }

    static SymbolActor.Snapshot snapshot(ActorRef<SymbolActor.Command> actor) {
        TestProbe<SymbolActor.Snapshot> snap = testKit.createTestProbe();
        actor.tell(new SymbolActor.GetSnapshot(snap.getRef()));
        return snap.receiveMessage();
    }

    @Test
    void aSymbolWithTooLittleHistoryWarnsGoesLiveAndKeepsWarmingOnLiveCandles() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> cs = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) { // newly listed: three closed candles
            cs.add(candle(i, 10 + i));
        }
        md.candles.put("NEWUSDT", cs);
        md.now.set(3 * MIN);
        TestProbe<Signal> signals = testKit.createTestProbe();
        TestProbe<Candle> closed = testKit.createTestProbe();
        java.util.function.Function<String, List<SymbolActor.Slot>> two = symbol -> List.of(
                new SymbolActor.Slot("slow", Interval.M1, eager("slow", symbol, 5)),
                new SymbolActor.Slot("quick", Interval.M1, eager("quick", symbol, 2)));
        ActorRef<SymbolActor.Command> actor = org.apache.pekko.actor.testkit.typed.javadsl.LoggingTestKit
                .warn("NEWUSDT: not warm: the exchange has too little history (slow on 1: 3 of 5 candles, quick on 1: "
                        + "3 of 2 candles)")
                .expect(testKit.system(), () -> {
                    ActorRef<SymbolActor.Command> a = testKit.spawn(SymbolActor.create("NEWUSDT",
                            settings(md, two, new ProbeOutputs(signals.getRef(), closed.getRef()))));
                    awaitWarm(a);
                    return a;
                });
        SymbolActor.Snapshot s = snapshot(actor);
        assertTrue(s.live());
        assertTrue(!s.warm(), "live, but not warm");
        assertEquals(List.of(new SymbolActor.WarmUp("slow", "1", 3, 5), new SymbolActor.WarmUp("quick", "1", 3, 2)),
                s.warmUp());

        md.push("NEWUSDT", candle(3, 13)); // the 4th candle: slow still warming, quick signals
        assertEquals(3 * MIN, closed.receiveMessage().startMs());
        assertEquals("quick", signals.receiveMessage().strategy());
        signals.expectNoMessage(Duration.ofMillis(100));
        assertTrue(!snapshot(actor).warm());

        md.push("NEWUSDT", candle(4, 14)); // the 5th: slow has seen its warm-up now
        assertEquals(4 * MIN, closed.receiveMessage().startMs());
        List<String> from = List.of(signals.receiveMessage().strategy(), signals.receiveMessage().strategy());
        assertTrue(from.containsAll(List.of("slow", "quick")), from.toString());
        SymbolActor.Snapshot after = snapshot(actor);
        assertTrue(after.warm());
        assertEquals(new SymbolActor.WarmUp("slow", "1", 5, 5), after.warmUp().get(0));
    }

    @Test
    void eachStrategyIsToldItsOwnPositionAsTheLedgerSaysOnLiveCandlesOnly() {
        ScriptedMarketData md = new ScriptedMarketData(Interval.M1);
        List<Candle> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            history.add(candle(i, 100 + i));
        }
        md.candles.put("POSUSDT", new ArrayList<>(history));
        md.now.set(6 * MIN);
        // records the position each strategy was given with each candle
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.function.Function<String, Strategy> recorder = name -> new Strategy() {
            @Override
            public int warmupCandles() {
                return 2;
            }

            @Override
            public Signal onCandle(Candle c, io.pybitbot.domain.StrategyPosition p) {
                seen.add(name + "@" + c.startMs() / MIN + "=" + (p.isOpen() ? p.side() + " " + p.size() : "flat"));
                return null;
            }
        };
        TestProbe<io.pybitbot.domain.StrategyPositions> watch = testKit.createTestProbe();
        List<ActorRef<io.pybitbot.domain.StrategyPositions>> watchers = new CopyOnWriteArrayList<>();
        TestProbe<Candle> closed = testKit.createTestProbe();
        SymbolActor.Outputs watching = new SymbolActor.Outputs() {
            @Override
            public void signal(Signal signal) {
            }

            @Override
            public void candleClosed(String symbol, Candle candle, double atr) {
                closed.getRef().tell(candle);
            }

            @Override
            public void watchPositions(String symbol, ActorRef<io.pybitbot.domain.StrategyPositions> replyTo) {
                assertEquals("POSUSDT", symbol);
                watchers.add(replyTo);
            }
        };
        ActorRef<SymbolActor.Command> actor = testKit.spawn(SymbolActor.create("POSUSDT", settings(md,
                sym -> List.of(new SymbolActor.Slot("a", Interval.M1, recorder.apply("a")),
                        new SymbolActor.Slot("b", Interval.M1, recorder.apply("b"))), watching)));
        awaitWarm(actor);
        assertEquals(1, watchers.size(), "it asks for its positions once at start");
        assertTrue(seen.stream().allMatch(x -> x.endsWith("=flat")), "history is fed flat: " + seen);

        watchers.get(0).tell(new io.pybitbot.domain.StrategyPositions("POSUSDT", java.util.Map.of("a",
                io.pybitbot.domain.StrategyPosition.open(Side.SELL, new java.math.BigDecimal("0.5"), 105, 5 * MIN))));
        seen.clear();
        md.push("POSUSDT", candle(6, 104));
        assertEquals(6 * MIN, closed.receiveMessage().startMs());
        assertEquals(List.of("a@6=SELL 0.5", "b@6=flat"), List.copyOf(seen), "b does not hold a's position");

        // the stop closed it: the ledger says flat, and so is the strategy told
        watchers.get(0).tell(new io.pybitbot.domain.StrategyPositions("POSUSDT", java.util.Map.of()));
        seen.clear();
        md.push("POSUSDT", candle(7, 103));
        assertEquals(7 * MIN, closed.receiveMessage().startMs());
        assertEquals(List.of("a@7=flat", "b@7=flat"), List.copyOf(seen));

        // the node's keep-alive asks again (a new OrderExecution after a failover learns of the symbol)
        actor.tell(SymbolActor.Start.INSTANCE);
        watch.awaitAssert(() -> {
            assertEquals(2, watchers.size());
            return null;
        });
    }
}
