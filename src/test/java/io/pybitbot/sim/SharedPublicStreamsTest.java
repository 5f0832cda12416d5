package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.exchange.bybit.ws.BybitStreamEvent;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.ConnectPacer;
import io.pybitbot.exchange.bybit.ws.SharedPublicStreams;
import io.pybitbot.exchange.bybit.ws.StreamCounters;
import io.pybitbot.fill.FillSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several symbols' kline topics on one public connection of the simulator, each symbol with a stream of its own. */
class SharedPublicStreamsTest {

    static final ActorTestKit testKit = ActorTestKit.create("SharedPublicStreamsTest");
    static final List<String> SYMBOLS = List.of("AAAUSDT", "BBBUSDT", "CCCUSDT", "DDDUSDT", "EEEUSDT");
    static SimulatedExchange sim;

    @BeforeAll
    static void start() {
        SimSettings s = SimSettings.defaults().withPort(0).withSpeed(Speed.MANUAL)
                .withData("synthetic", SYMBOLS).withSynthetic("1", 400, 7).withTimeline(3, 50, SimRestTest.START)
                .withAccount(new BigDecimal("10000"), BigDecimal.TEN, FillSettings.bybitDefaults(0));
        sim = SimulatedExchange.start(s, testKit.system(), new MutableClock(SimRestTest.START));
    }

    @AfterAll
    static void stop() {
        sim.stop();
        testKit.shutdownTestKit();
    }

    private record Reader(String symbol, TestProbe<BybitStreamEvent> probe, UniqueKillSwitch stop) {}

    private static Reader read(SharedPublicStreams streams, String symbol) {
        TestProbe<BybitStreamEvent> probe = testKit.createTestProbe();
        UniqueKillSwitch stop = streams.subscribe(symbol, BybitPublicStream.klineTopics(List.of(symbol), Interval.M1))
                .toMat(Sink.foreach(e -> probe.getRef().tell(e)), Keep.left()).run(testKit.system());
        return new Reader(symbol, probe, stop);
    }

    private static SharedPublicStreams streams(int perConnection) {
        BybitPublicStream.Settings settings = new BybitPublicStream.Settings(Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofMillis(300), 0.1);
        return new SharedPublicStreams(testKit.system(), URI.create(sim.publicWsUrl()), settings, new StreamCounters(),
                ConnectPacer.bybit(), InstantSource.system(), perConnection);
    }

    /** The next kline frame the reader gets (Connected and Stalled are not frames), within a few steps. */
    private static BybitWsFrame.Kline nextKline(Reader r) {
        for (int i = 0; i < 40; i++) {
            sim.step(1);
            BybitStreamEvent e;
            try {
                e = r.probe().receiveMessage(Duration.ofMillis(500));
            } catch (AssertionError nothingYet) {
                continue; // subscribed a moment after this step's push
            }
            if (e instanceof BybitStreamEvent.Frame f && f.frame() instanceof BybitWsFrame.Kline k) {
                return k;
            }
        }
        throw new AssertionError("no kline for " + r.symbol());
    }

    private static void awaitConnections(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.hub().connectionCount() != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, sim.hub().connectionCount(), "connections the simulator holds");
    }

    @Test
    void fiveSymbolsTwoPerConnectionTakeThreeConnectionsAndEachReaderGetsOnlyItsOwnCandles() throws Exception {
        awaitConnections(0); // the other test's connections close as its readers leave
        int before = 0;
        SharedPublicStreams streams = streams(2);
        List<Reader> readers = SYMBOLS.stream().map(s -> read(streams, s)).toList();
        for (Reader r : readers) {
            assertEquals(BybitStreamEvent.Connected.class, r.probe().receiveMessage(Duration.ofSeconds(10)).getClass());
        }
        assertEquals(3, streams.connections());
        awaitConnections(before + 3);
        for (Reader r : readers) {
            assertEquals(r.symbol(), nextKline(r).symbol());
        }
        readers.forEach(r -> r.stop().shutdown());
        awaitConnections(before); // no reader left: the connections close instead of reconnecting for nobody
    }

    @Test
    void aReaderThatLeavesAndComesBackIsToldConnectedAtOnceAndItsNeighbourNeverNotices() throws Exception {
        SharedPublicStreams streams = streams(2);
        Reader a = read(streams, "AAAUSDT");
        Reader b = read(streams, "BBBUSDT");
        assertEquals(new BybitStreamEvent.Connected(1), a.probe().receiveMessage(Duration.ofSeconds(10)));
        assertEquals(new BybitStreamEvent.Connected(1), b.probe().receiveMessage(Duration.ofSeconds(10)));
        nextKline(a);

        a.stop().shutdown(); // its stream child stopped (or restarting)
        assertEquals("BBBUSDT", nextKline(b).symbol(), "the neighbour keeps its candles");
        Reader again = read(streams, "AAAUSDT");
        assertEquals(new BybitStreamEvent.Connected(1), again.probe().receiveMessage(Duration.ofSeconds(5)),
                "the connection is up: told at once, so it back-fills");
        assertEquals("AAAUSDT", nextKline(again).symbol(), "subscribed again on the live connection");
        assertEquals(1, streams.connections(), "one connection throughout");

        // the exchange drops the connection: both readers learn of the new one and get candles again
        sim.hub().dropAll();
        for (Reader r : List.of(again, b)) {
            BybitStreamEvent e;
            do {
                e = r.probe().receiveMessage(Duration.ofSeconds(10));
            } while (!(e instanceof BybitStreamEvent.Connected));
            assertEquals(new BybitStreamEvent.Connected(2), e);
        }
        assertEquals("AAAUSDT", nextKline(again).symbol());
        assertEquals("BBBUSDT", nextKline(b).symbol());
        again.stop().shutdown();
        b.stop().shutdown();
        awaitConnections(0);
    }
}
