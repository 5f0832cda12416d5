package io.pybitbot.exchange.bybit.ws;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BybitPublicStreamTest {

    private static final ActorTestKit testKit = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static final String ACK = "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"c\",\"req_id\":\"sub-1\",\"op\":\"subscribe\"}";

    /** A Bybit stand-in: connection 1 pushes and closes, connection 2 goes silent, connection 3 pushes and stays open. */
    private static final class WsServer {
        final AtomicInteger connections = new AtomicInteger();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<Long> connectedAtNanos = Collections.synchronizedList(new ArrayList<>());
        ServerBinding binding;

        Flow<Message, Message, NotUsed> perConnection() {
            int n = connections.incrementAndGet();
            connectedAtNanos.add(System.nanoTime());
            Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
                    Source.<Message>queue(16).preMaterialize(testKit.system());
            Sink<Message, NotUsed> in = Flow.<Message>create()
                    .mapAsync(1, m -> m.asTextMessage().getStreamedText().runFold("", String::concat, testKit.system()))
                    .to(Sink.foreach(t -> onText(n, t, out.first())));
            // coupled: when the server ends its side, the whole connection closes, as a Bybit disconnect does
            return Flow.fromSinkAndSourceCoupled(in, out.second());
        }

        /** Answers like Bybit: nothing is pushed before the subscribe arrives. */
        private void onText(int n, String text, BoundedSourceQueue<Message> out) {
            received.add(n + ":" + text);
            if (!text.contains("\"subscribe\"")) {
                return;
            }
            String kline = Fixtures.load("ws-kline.json").replace("\n", "");
            out.offer(TextMessage.create(ACK));
            if (n == 1) {
                out.offer(TextMessage.create(kline));
                out.offer(TextMessage.create("{\"topic\":\"kline.5.BTCUSDT\",\"data\":{\"open\":\"garbage\"}}"));
                out.offer(TextMessage.create(Fixtures.load("ws-pong-public.json")));
                out.offer(TextMessage.create(Fixtures.load("ws-kline-confirmed.json")));
                out.complete();
            } else if (n >= 3) {
                out.offer(TextMessage.create(kline));
            }
            // n == 2: acknowledges, then silence: only the stall detector can end it
        }
    }

    @Test
    void reconnectsAfterCloseAndStallResubscribesAndSurvivesGarbage() throws Exception {
        WsServer server = new WsServer();
        server.binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
                .bind(extractRequest(req -> handleWebSocketMessages(server.perConnection())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        URI url = URI.create("ws://127.0.0.1:" + server.binding.localAddress().getPort() + "/v5/public/linear");
        BybitPublicStream.Settings settings = new BybitPublicStream.Settings(Duration.ofMillis(200), Duration.ofMillis(900),
                Duration.ofMillis(100), Duration.ofMillis(300), 0.1);
        List<String> topics = BybitPublicStream.klineTopics(List.of("BTCUSDT", "ETHUSDT"), Interval.M5);

        // conn 1: Connected, ack, kline, malformed, pong, kline(2 bars); conn 2: Connected, ack (then stall), Stalled;
        // conn 3: Connected, ack, kline
        StreamCounters counters = new StreamCounters();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry latency = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.pybitbot.latency.TickToOrder.bindTo(latency);
        Pair<UniqueKillSwitch, java.util.concurrent.CompletionStage<List<BybitStreamEvent>>> run =
                BybitPublicStream.source(testKit.system(), url, topics, settings, counters)
                        .take(12).toMat(Sink.seq(), Keep.both()).run(testKit.system());
        List<BybitStreamEvent> events = run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
        run.first().shutdown();
        // the confirmed candle was stamped as its frame came off the socket: an order it causes is timed from there
        io.pybitbot.latency.TickToOrder.orderWritten("BTCUSDT", io.pybitbot.ledger.OrderLinkIds.of("strategy_a",
                "BTCUSDT", 1672324800000L, io.pybitbot.ledger.OrderLinkIds.Kind.ENTRY, io.pybitbot.domain.Side.BUY));
        io.pybitbot.latency.TickToOrder.unbind(latency);
        assertEquals(1, latency.get("pybit_tick_to_order").timer().count(), "the stream stamped the confirmed candle");

        assertEquals(new BybitStreamEvent.Connected(1), events.get(0));
        assertInstanceOf(BybitWsFrame.OpResult.class, frame(events.get(1)));
        assertInstanceOf(BybitWsFrame.Kline.class, frame(events.get(2)));
        assertInstanceOf(BybitWsFrame.Malformed.class, frame(events.get(3)));
        assertInstanceOf(BybitWsFrame.Pong.class, frame(events.get(4)));
        assertEquals(1, ((BybitWsFrame.Kline) frame(events.get(5))).confirmed().size());
        assertEquals(new BybitStreamEvent.Connected(2), events.get(6));
        assertInstanceOf(BybitWsFrame.OpResult.class, frame(events.get(7)));
        assertEquals(new BybitStreamEvent.Stalled(2), events.get(8), "the stall is said before the replacement");
        assertEquals(new BybitStreamEvent.Connected(3), events.get(9), "the silent connection was replaced");
        assertInstanceOf(BybitWsFrame.Kline.class, frame(events.get(11)));

        StreamCounters.Snapshot snap = counters.snapshot();
        assertEquals(3, snap.connections());
        assertEquals(1, snap.malformed());
        assertEquals(0, snap.refused());
        assertEquals(1, snap.stalls(), "closed by the server is not a stall; silent is");
        String subscribe = "{\"req_id\":\"sub-1\",\"op\":\"subscribe\",\"args\":[\"kline.5.BTCUSDT\",\"kline.5.ETHUSDT\"]}";
        for (int conn = 1; conn <= 3; conn++) {
            assertTrue(server.received.contains(conn + ":" + subscribe), "connection " + conn + " resubscribed: " + server.received);
        }
        assertTrue(server.received.contains("2:" + BybitPublicStream.PING), "pings go out while the server is silent");
        server.binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void reconnectsWaitForTheirTurnUnderTheConnectLimit() throws Exception {
        WsServer server = new WsServer();
        server.binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
                .bind(extractRequest(req -> handleWebSocketMessages(server.perConnection())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        URI url = URI.create("ws://127.0.0.1:" + server.binding.localAddress().getPort() + "/v5/public/linear");
        BybitPublicStream.Settings settings = new BybitPublicStream.Settings(Duration.ofMillis(200), Duration.ofMillis(900),
                Duration.ofMillis(100), Duration.ofMillis(300), 0.1);
        // two connects per 3 s: the third (after a close and a stall, about 1.2 s in) must wait for the first's window
        ConnectPacer pacer = new ConnectPacer(2, 3000);
        Pair<UniqueKillSwitch, java.util.concurrent.CompletionStage<List<BybitStreamEvent>>> run =
                BybitPublicStream.source(testKit.system(), url, BybitPublicStream.klineTopics(List.of("BTCUSDT"),
                                Interval.M5), settings, new StreamCounters(), pacer, java.time.InstantSource.system())
                        .takeWhile(e -> !(e instanceof BybitStreamEvent.Connected c && c.connection() >= 3), true)
                        .toMat(Sink.seq(), Keep.both()).run(testKit.system());
        run.second().toCompletableFuture().get(30, TimeUnit.SECONDS);
        // the stream says Connected as it dials: the server sees the handshake a moment later
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.connectedAtNanos.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        run.first().shutdown();
        assertTrue(server.connectedAtNanos.size() >= 3, "three connections reached the server");
        long apartMs = (server.connectedAtNanos.get(2) - server.connectedAtNanos.get(0)) / 1_000_000;
        // unpaced it comes about 1.3 s after; the first connect reached the server a little after it was granted
        assertTrue(apartMs >= 2500, "the third connect came " + apartMs + " ms after the first, inside its window");
        server.binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static BybitWsFrame frame(BybitStreamEvent e) {
        return assertInstanceOf(BybitStreamEvent.Frame.class, e).frame();
    }

    @Test
    void subscribeRequestsAreSplitAndCapped() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            many.add("kline.5.SYM" + i + "USDT");
        }
        List<String> msgs = BybitPublicStream.subscribeMessages(many);
        assertEquals(3, msgs.size());
        assertTrue(msgs.get(2).contains("\"req_id\":\"sub-3\""));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            tooMany.add("kline.5.SYMBOL" + i + "USDT");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BybitPublicStream.subscribeMessages(tooMany));
        assertTrue(e.getMessage().contains("21000"));
    }

    @Test
    void settingsRejectStallShorterThanPing() {
        assertThrows(IllegalArgumentException.class, () -> new BybitPublicStream.Settings(Duration.ofSeconds(20),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
    }
}
