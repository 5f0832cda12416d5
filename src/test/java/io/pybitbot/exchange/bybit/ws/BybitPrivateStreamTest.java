package io.pybitbot.exchange.bybit.ws;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.Fixtures;
import io.pybitbot.exchange.bybit.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BybitPrivateStreamTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ApiCredentials CREDS = new ApiCredentials("WSKEY00001", "WSSECRET0001");
    private static final long NOW = 1_700_000_000_000L;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Checks auth like Bybit (signature, expiry in the future), acks, then serves topics after subscribe. */
    private static final class PrivateServer {
        final BybitSigner signer = new BybitSigner(CREDS);
        final AtomicInteger connections = new AtomicInteger();
        final List<String> received = Collections.synchronizedList(new ArrayList<>());
        final List<Long> expiries = Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicBoolean authAcked = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicInteger subscribesBeforeAck = new AtomicInteger();

        Flow<Message, Message, NotUsed> perConnection() {
            int n = connections.incrementAndGet();
            Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out = Source.<Message>queue(16).preMaterialize(testKit.system());
            Sink<Message, NotUsed> in = Flow.<Message>create()
                    .mapAsync(1, m -> m.asTextMessage().getStreamedText().runFold("", String::concat, testKit.system()))
                    .to(Sink.foreach(t -> onText(n, t, out.first())));
            return Flow.fromSinkAndSource(in, out.second());
        }

        private void onText(int n, String text, BoundedSourceQueue<Message> out) throws Exception {
            JsonNode req = BybitJson.tree(text);
            String op = req.path("op").asText();
            received.add(n + ":" + op);
            if (op.equals("auth")) {
                String key = req.path("args").get(0).asText();
                long expires = req.path("args").get(1).asLong();
                String sig = req.path("args").get(2).asText();
                expiries.add(expires);
                boolean ok = key.equals(CREDS.apiKey()) && sig.equals(signer.signWsAuth(expires)) && expires > NOW;
                String reply = "{\"success\":" + ok + ",\"ret_msg\":\"" + (ok ? "" : "Params Error")
                        + "\",\"op\":\"auth\",\"conn_id\":\"c" + n + "\"}";
                // answer late, so a client that subscribes without waiting for the ack is caught
                java.util.concurrent.CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> {
                    authAcked.set(true);
                    out.offer(TextMessage.create(reply));
                });
            } else if (op.equals("subscribe")) {
                if (!authAcked.get()) {
                    subscribesBeforeAck.incrementAndGet();
                }
                out.offer(TextMessage.create(Fixtures.load("ws-subscribe-ack-private.json")));
                out.offer(TextMessage.create(Fixtures.load("ws-order.json").replace("\n", "")));
            }
        }
    }

    private static Pair<PrivateServer, ServerBinding> start() throws Exception {
        PrivateServer server = new PrivateServer();
        ServerBinding binding = Http.get(testKit.system()).newServerAt("127.0.0.1", 0)
                .bind(extractRequest(req -> handleWebSocketMessages(server.perConnection())))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        return Pair.create(server, binding);
    }

    private static final BybitPublicStream.Settings FAST = new BybitPublicStream.Settings(Duration.ofMillis(300),
            Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(300), 0.1);

    @Test
    void authenticatesThenSubscribesAndParsesPrivateTopics() throws Exception {
        Pair<PrivateServer, ServerBinding> s = start();
        URI url = URI.create("ws://127.0.0.1:" + s.second().localAddress().getPort() + "/v5/private");
        ManualClock clock = new ManualClock(NOW);
        Pair<UniqueKillSwitch, CompletionStage<List<BybitStreamEvent>>> run = BybitPrivateStream.source(testKit.system(), url,
                        new BybitSigner(CREDS), clock, () -> 250L, List.of("order", "execution"), Duration.ofSeconds(8), FAST)
                .take(4).toMat(Sink.seq(), Keep.both()).run(testKit.system());
        List<BybitStreamEvent> events = run.second().toCompletableFuture().get(20, TimeUnit.SECONDS);
        run.first().shutdown();
        assertEquals(new BybitStreamEvent.Connected(1), events.get(0));
        BybitWsFrame.OpResult auth = assertInstanceOf(BybitWsFrame.OpResult.class, ((BybitStreamEvent.Frame) events.get(1)).frame());
        assertEquals("auth", auth.op());
        assertTrue(auth.success());
        assertInstanceOf(BybitWsFrame.OpResult.class, ((BybitStreamEvent.Frame) events.get(2)).frame());
        BybitWsFrame.Orders orders = assertInstanceOf(BybitWsFrame.Orders.class, ((BybitStreamEvent.Frame) events.get(3)).frame());
        assertEquals("bot-BTC-000123", orders.orders().get(0).orderLinkId());
        List<String> ops = s.first().received.stream().filter(r -> !r.endsWith(":ping")).toList();
        assertEquals(List.of("1:auth", "1:subscribe"), ops.subList(0, 2));
        assertEquals(0, s.first().subscribesBeforeAck.get(), "subscribe only after the auth ack");
        assertEquals(NOW + 250 + 8000, s.first().expiries.get(0), "expires = now + offset + expiry");
        s.second().unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void refusedAuthReconnectsWithoutSubscribing() throws Exception {
        Pair<PrivateServer, ServerBinding> s = start();
        URI url = URI.create("ws://127.0.0.1:" + s.second().localAddress().getPort() + "/v5/private");
        BybitSigner wrong = new BybitSigner(new ApiCredentials("WSKEY00001", "NOTTHESECRET"));
        StreamCounters counters = new StreamCounters();
        Pair<UniqueKillSwitch, CompletionStage<List<BybitStreamEvent>>> run = BybitPrivateStream.source(testKit.system(), url,
                        wrong, new ManualClock(NOW), () -> 0L, List.of("order"), Duration.ofSeconds(8), FAST, counters)
                .filter(e -> e instanceof BybitStreamEvent.Connected).take(2).toMat(Sink.seq(), Keep.both()).run(testKit.system());
        List<BybitStreamEvent> events = run.second().toCompletableFuture().get(20, TimeUnit.SECONDS);
        run.first().shutdown();
        assertEquals(List.of(new BybitStreamEvent.Connected(1), new BybitStreamEvent.Connected(2)), events);
        assertFalse(s.first().received.stream().anyMatch(r -> r.endsWith(":subscribe")), s.first().received.toString());
        assertTrue(counters.snapshot().refused() >= 1, "the refused auth is counted");
        s.second().unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
