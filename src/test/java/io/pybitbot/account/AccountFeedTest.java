package io.pybitbot.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.apache.pekko.http.javadsl.server.Directives.handleWebSocketMessages;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitSigner;
import io.pybitbot.exchange.bybit.Fixtures;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import io.pybitbot.execution.ActorTestSupport;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class AccountFeedTest {

    private static final ActorTestKit kit = ActorTestKit.create("AccountFeedTest", ActorTestSupport.config());

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    private static AccountFeed.Stats stats(ActorRef<AccountFeed.Command> feed) {
        TestProbe<AccountFeed.Stats> p = kit.createTestProbe();
        feed.tell(new AccountFeed.GetStats(p.getRef()));
        return p.receiveMessage(ActorTestSupport.WAIT);
    }

    @Test
    void everySubscriberGetsEveryInjectedEventInOrder() {
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        TestProbe<AccountEvent> a = kit.createTestProbe();
        TestProbe<AccountEvent> b = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(a.getRef()));
        feed.tell(new AccountFeed.Subscribe(b.getRef()));
        feed.tell(new AccountFeed.Subscribe(a.getRef())); // twice is once

        AccountEvent wallet = new AccountEvent.WalletUpdate(new BigDecimal("1000"), null, null, 1L);
        AccountEvent flat = AccountEvent.PositionUpdate.flat("BTCUSDT", 2L);
        feed.tell(new AccountFeed.Inject(wallet));
        feed.tell(new AccountFeed.Inject(flat));

        for (TestProbe<AccountEvent> p : java.util.List.of(a, b)) {
            p.expectMessage(wallet);
            p.expectMessage(flat);
        }
        AccountFeed.Stats s = stats(feed);
        assertEquals(2, s.subscribers());
        assertEquals(2, s.events());
        assertFalse(s.streaming(), "no socket without stream settings");
    }

    @Test
    void aStoppedSubscriberIsDropped() {
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        TestProbe<AccountEvent> gone = kit.createTestProbe();
        TestProbe<AccountEvent> stays = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(gone.getRef()));
        feed.tell(new AccountFeed.Subscribe(stays.getRef()));
        gone.stop();
        TestProbe<AccountFeed.Stats> p = kit.createTestProbe();
        p.awaitAssert(ActorTestSupport.WAIT, () -> {
            assertEquals(1, stats(feed).subscribers());
            return null;
        });
        AccountEvent e = AccountEvent.PositionUpdate.flat("ETHUSDT", 3L);
        feed.tell(new AccountFeed.Inject(e));
        stays.expectMessage(e);
    }

    /** A loopback private WebSocket: acks auth, and after the subscribe pushes a position and a wallet frame. */
    private static Flow<Message, Message, NotUsed> privateServer(List<String> topicsAsked) {
        Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
                Source.<Message>queue(16).preMaterialize(kit.system());
        Sink<Message, NotUsed> in = Flow.<Message>create()
                .mapAsync(1, m -> m.asTextMessage().getStreamedText().runFold("", String::concat, kit.system()))
                .to(Sink.foreach(text -> {
                    var req = BybitJson.tree(text);
                    String op = req.path("op").asText();
                    if (op.equals("auth")) {
                        out.first().offer(TextMessage.create("{\"success\":true,\"ret_msg\":\"\",\"op\":\"auth\",\"conn_id\":\"c1\"}"));
                    } else if (op.equals("subscribe")) {
                        req.path("args").forEach(a -> topicsAsked.add(a.asText()));
                        out.first().offer(TextMessage.create(Fixtures.load("ws-subscribe-ack-private.json")));
                        out.first().offer(TextMessage.create(Fixtures.load("ws-position.json").replace("\n", "")));
                        out.first().offer(TextMessage.create(Fixtures.load("ws-wallet.json").replace("\n", "")));
                    }
                }));
        return Flow.fromSinkAndSource(in, out.second());
    }

    @Test
    void withStreamSettingsItRelaysThePrivateStreamAsAccountEvents() throws Exception {
        List<String> topics = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ServerBinding binding = Http.get(kit.system()).newServerAt("127.0.0.1", 0)
                .bind(handleWebSocketMessages(privateServer(topics)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            URI url = URI.create("ws://127.0.0.1:" + binding.localAddress().getPort() + "/v5/private");
            AccountFeed.StreamSettings settings = new AccountFeed.StreamSettings(url,
                    new BybitSigner(new ApiCredentials("FEEDKEY001", "FEEDSECRET01")),
                    InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L)), () -> 0L, Duration.ofSeconds(10),
                    new BybitPublicStream.Settings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(100),
                            Duration.ofSeconds(1), 0.1));
            assertFalse(settings.toString().contains("FEEDSECRET01"));
            TestProbe<io.pybitbot.rest.RestClient.Command> rest = kit.createTestProbe();
            ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(settings, rest.getRef()));
            TestProbe<AccountEvent> subscriber = kit.createTestProbe();
            feed.tell(new AccountFeed.Subscribe(subscriber.getRef()));

            AccountEvent.PositionUpdate p = subscriber.expectMessageClass(AccountEvent.PositionUpdate.class, ActorTestSupport.WAIT);
            assertEquals("BTCUSDT", p.symbol());
            assertEquals(Side.BUY, p.side());
            AccountEvent.WalletUpdate w = assertInstanceOf(AccountEvent.WalletUpdate.class,
                    subscriber.receiveMessage(ActorTestSupport.WAIT));
            assertEquals(new BigDecimal("10262.91"), w.totalEquity());
            assertTrue(topics.containsAll(AccountFeed.TOPICS), "subscribed to " + topics);
            AccountFeed.Stats s = stats(feed);
            assertEquals(1, s.connections());
            assertTrue(s.streaming());

            // reconciliation: the exchange now lists no position, so the one relayed as open is published flat
            feed.tell(AccountFeed.Reconcile.INSTANCE);
            ActorTestSupport.expectRest(rest, io.pybitbot.rest.RestOp.GetWallet.class).ok(ActorTestSupport.wallet("9000"));
            ActorTestSupport.expectRest(rest, io.pybitbot.rest.RestOp.GetPositions.class).ok(ActorTestSupport.positions());
            java.util.List<AccountEvent> reconciled = java.util.List.of(subscriber.receiveMessage(ActorTestSupport.WAIT),
                    subscriber.receiveMessage(ActorTestSupport.WAIT));
            assertTrue(reconciled.contains(AccountEvent.PositionUpdate.flat("BTCUSDT", 1_700_000_000_000L)), reconciled.toString());
            assertTrue(reconciled.stream().anyMatch(e -> e instanceof AccountEvent.WalletUpdate u
                    && u.totalEquity().compareTo(new BigDecimal("9000")) == 0), reconciled.toString());
            kit.stop(feed);
        } finally {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
