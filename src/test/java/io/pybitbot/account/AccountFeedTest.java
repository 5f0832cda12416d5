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
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
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

        // a subscriber's first message is the feed's view (empty here); subscribing again sends it again
        a.expectMessageClass(AccountEvent.Snapshot.class);
        assertEquals(AccountEvent.Snapshot.Kind.SUBSCRIBED, b.expectMessageClass(AccountEvent.Snapshot.class).kind());
        a.expectMessageClass(AccountEvent.Snapshot.class);
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
        stays.expectMessageClass(AccountEvent.Snapshot.class);
        stays.expectMessage(e);
    }

    private static AccountEvent.PositionUpdate open(String symbol, Side side, String size, long timeMs) {
        return new AccountEvent.PositionUpdate(symbol, side, new BigDecimal(size), new BigDecimal("100"),
                new BigDecimal("100"), new BigDecimal("95"), null, null, null, null, timeMs);
    }

    private static AccountEvent.OrderUpdate order(String orderId, String status, long timeMs) {
        return new AccountEvent.OrderUpdate("BTCUSDT", orderId, "link-" + orderId, Side.BUY, status, BigDecimal.ONE,
                BigDecimal.ZERO, BigDecimal.ZERO, false, "", "", timeMs);
    }

    @Test
    void aLateSubscriberGetsTheFeedsViewThenTheEventsAfterItInOrder() {
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create());
        TestProbe<AccountEvent> early = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(early.getRef()));
        List<AccountEvent> before = List.of(
                new AccountEvent.WalletUpdate(new BigDecimal("900"), null, null, 1L),
                open("BTCUSDT", Side.BUY, "1", 2L),
                open("ETHUSDT", Side.SELL, "2", 3L),
                order("o-1", "New", 4L),
                order("o-2", "New", 5L),
                AccountEvent.PositionUpdate.flat("ETHUSDT", 6L),
                order("o-2", "Filled", 7L),
                new AccountEvent.WalletUpdate(new BigDecimal("1000"), null, null, 8L));
        before.forEach(e -> feed.tell(new AccountFeed.Inject(e)));

        TestProbe<AccountEvent> late = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(late.getRef()));
        AccountEvent after = open("BTCUSDT", Side.BUY, "3", 9L);
        feed.tell(new AccountFeed.Inject(after));

        AccountEvent.Snapshot view = late.expectMessageClass(AccountEvent.Snapshot.class);
        assertEquals(AccountEvent.Snapshot.Kind.SUBSCRIBED, view.kind());
        assertEquals(List.of(open("BTCUSDT", Side.BUY, "1", 2L)), view.positions(), "ETHUSDT closed before");
        assertEquals(0, new BigDecimal("1000").compareTo(view.wallet().totalEquity()), "the latest wallet");
        assertEquals(List.of("o-1"), view.openOrders().stream().map(AccountEvent.OrderUpdate::orderId).toList(),
                "o-2 filled before");
        late.expectMessage(after);

        early.expectMessageClass(AccountEvent.Snapshot.class);
        before.forEach(early::expectMessage);
        early.expectMessage(after);
        late.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void anImplausibleStreamEventIsDroppedCountedAndTheExchangesValueIsRelayedInstead() {
        TestProbe<io.pybitbot.rest.RestClient.Command> rest = kit.createTestProbe();
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(rest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(50L))));
        TestProbe<AccountEvent> s = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(s.getRef()));
        ActorTestSupport.expectPositionsRead(rest).ok(ActorTestSupport.positions(
                ActorTestSupport.position("BTCUSDT", Side.BUY, "0.1", "30000", "30100", "29000")));
        s.fishForMessage(ActorTestSupport.WAIT, e -> e instanceof AccountEvent.Snapshot snap && snap.positions().size() == 1
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

        // one garbled private-stream frame: size 1e30 on a protected 0.1 BTC long
        AccountEvent.PositionUpdate garbled = new AccountEvent.PositionUpdate("BTCUSDT", Side.BUY, new BigDecimal("1e30"),
                new BigDecimal("30000"), new BigDecimal("30100"), new BigDecimal("29000"), null, null, null, null, 60L);
        feed.tell(new AccountFeed.FromVenue(garbled));
        feed.tell(new AccountFeed.FromVenue(garbled)); // a second one while the check is out asks nothing more
        var confirm = ActorTestSupport.expectPositionsRead(rest);
        rest.expectNoMessage(Duration.ofMillis(200));
        confirm.ok(ActorTestSupport.positions(
                ActorTestSupport.position("BTCUSDT", Side.BUY, "0.1", "30000", "30150", "29000")));
        AccountEvent.Snapshot confirmed = (AccountEvent.Snapshot) nextNotWallet(s);
        assertEquals(AccountEvent.Snapshot.Kind.RECONCILED, confirmed.kind(), "the garbled frame never reaches anyone");
        assertEquals(0, new BigDecimal("0.1").compareTo(confirmed.position("BTCUSDT").orElseThrow().size()));
        assertEquals(2, stats(feed).implausibleDropped());

        // a wallet jump is confirmed the same way; the exchange's figure is what goes out
        feed.tell(new AccountFeed.FromVenue(new AccountEvent.WalletUpdate(new BigDecimal("1e12"), null, null, 70L)));
        var wallet = ActorTestSupport.expectRest(rest, io.pybitbot.rest.RestOp.GetWallet.class);
        wallet.ok(ActorTestSupport.wallet("10001"));
        AccountEvent.WalletUpdate w = s.expectMessageClass(AccountEvent.WalletUpdate.class);
        assertEquals(0, new BigDecimal("10001").compareTo(w.totalEquity()));
        assertEquals(3, stats(feed).implausibleDropped());

        // believable news passes straight through: an order, its fill, the position they explain
        AccountEvent.OrderUpdate order = new AccountEvent.OrderUpdate("BTCUSDT", "o-9", "x", Side.BUY, "Filled",
                new BigDecimal("0.3"), new BigDecimal("0.3"), new BigDecimal("30100"), false, "", "", 80L);
        AccountEvent.PositionUpdate grown = new AccountEvent.PositionUpdate("BTCUSDT", Side.BUY, new BigDecimal("0.4"),
                new BigDecimal("30075"), new BigDecimal("30100"), new BigDecimal("29000"), null, null, null, null, 81L);
        feed.tell(new AccountFeed.FromVenue(order));
        feed.tell(new AccountFeed.FromVenue(grown));
        s.expectMessage(order);
        s.expectMessage(grown);
        rest.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aFailedWalletReadBeforeTheFirstFigureIsRetriedSoonUntilOneArrives() {
        TestProbe<io.pybitbot.rest.RestClient.Command> rest = kit.createTestProbe();
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(rest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(50L))));
        TestProbe<AccountEvent> s = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(s.getRef()));
        // the start-up reads: the wallet fails twice (a pool overflow at start, say), then answers
        int walletReads = 0;
        while (walletReads < 3) {
            var c = (io.pybitbot.rest.RestClient.Submit<?>) rest.expectMessageClass(
                    io.pybitbot.rest.RestClient.Submit.class, Duration.ofSeconds(5));
            if (c.op() instanceof io.pybitbot.rest.RestOp.GetWallet) {
                walletReads++;
                @SuppressWarnings("unchecked")
                ActorRef<io.pybitbot.exchange.bybit.BybitResult<io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance>>
                        to = (ActorRef) c.replyTo();
                to.tell(walletReads < 3 ? io.pybitbot.exchange.bybit.BybitResult.err(
                        new io.pybitbot.exchange.bybit.BybitError.Transient(-1, "pool overflow"))
                        : io.pybitbot.exchange.bybit.BybitResult.ok(ActorTestSupport.wallet("12345")));
            } else if (c.op() instanceof io.pybitbot.rest.RestOp.GetPositions) {
                @SuppressWarnings("unchecked")
                ActorRef<io.pybitbot.exchange.bybit.BybitResult<io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage>>
                        to = (ActorRef) c.replyTo();
                to.tell(io.pybitbot.exchange.bybit.BybitResult.ok(ActorTestSupport.positions()));
            }
        }
        AccountEvent.WalletUpdate w = (AccountEvent.WalletUpdate) s.fishForMessage(ActorTestSupport.WAIT,
                e -> e instanceof AccountEvent.WalletUpdate ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore()).get(0);
        assertEquals(0, new BigDecimal("12345").compareTo(w.totalEquity()));
        // once a figure is known, a failure waits for the next reconciliation instead
        rest.expectNoMessage(Duration.ofMillis(1200));
    }

    /** The wallet read's answer may come before or after other news: skip it. */
    private static AccountEvent nextNotWallet(TestProbe<AccountEvent> probe) {
        while (true) {
            AccountEvent e = probe.receiveMessage(ActorTestSupport.WAIT);
            if (!(e instanceof AccountEvent.WalletUpdate)) {
                return e;
            }
        }
    }

    @Test
    void aReconciliationSendsTheExchangesPositionsMergedWithNewerStreamNews() {
        TestProbe<io.pybitbot.rest.RestClient.Command> rest = kit.createTestProbe();
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(rest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(50L))));
        TestProbe<AccountEvent> s = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(s.getRef()));
        // the read at start
        ActorTestSupport.expectPositionsRead(rest).ok(ActorTestSupport.positions(
                ActorTestSupport.position("BTCUSDT", Side.BUY, "0.1", "30000", "30100", "29000")));
        assertEquals(List.of(), s.expectMessageClass(AccountEvent.Snapshot.class).positions());
        // the wallet read and the reconciled positions answer in either order
        List<AccountEvent> two = List.of(s.receiveMessage(ActorTestSupport.WAIT), s.receiveMessage(ActorTestSupport.WAIT));
        AccountEvent.WalletUpdate wallet = two.stream().filter(AccountEvent.WalletUpdate.class::isInstance)
                .map(AccountEvent.WalletUpdate.class::cast).findFirst().orElseThrow(() -> new AssertionError(two.toString()));
        assertEquals(0, new BigDecimal("10000").compareTo(wallet.totalEquity()));
        AccountEvent.Snapshot first = two.stream().filter(AccountEvent.Snapshot.class::isInstance)
                .map(AccountEvent.Snapshot.class::cast).findFirst().orElseThrow(() -> new AssertionError(two.toString()));
        assertEquals(AccountEvent.Snapshot.Kind.RECONCILED, first.kind());
        assertEquals(List.of("BTCUSDT"), first.positions().stream().map(AccountEvent.PositionUpdate::symbol).toList());

        // asked again; while the read is out, the stream opens ETHUSDT: the read's silence about it is stale
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        var read = ActorTestSupport.expectPositionsRead(rest);
        AccountEvent eth = open("ETHUSDT", Side.SELL, "2", 60L);
        feed.tell(new AccountFeed.Inject(eth));
        read.ok(ActorTestSupport.positions());
        assertEquals(eth, nextNotWallet(s));
        AccountEvent.Snapshot second = (AccountEvent.Snapshot) nextNotWallet(s);
        assertEquals(List.of(eth), second.positions(), "BTCUSDT is gone on the exchange, ETHUSDT is newer than the read");

        // a failed read says so and keeps the view
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        ActorTestSupport.expectPositionsRead(rest).fail(new io.pybitbot.exchange.bybit.BybitError.Transient(503, "busy"));
        AccountEvent.Snapshot failed = (AccountEvent.Snapshot) nextNotWallet(s);
        assertEquals(AccountEvent.Snapshot.Kind.RECONCILE_FAILED, failed.kind());
        assertTrue(failed.failure().contains("busy"), failed.failure());
        assertEquals(List.of(eth), failed.positions());
    }

    @Test
    void aSlowPositionReadAnsweredAfterANewerOneIsIgnored() {
        TestProbe<io.pybitbot.rest.RestClient.Command> rest = kit.createTestProbe();
        ActorRef<AccountFeed.Command> feed = kit.spawn(AccountFeed.create(rest.getRef(),
                InstantSource.fixed(Instant.ofEpochMilli(50L))));
        TestProbe<AccountEvent> s = kit.createTestProbe();
        feed.tell(new AccountFeed.Subscribe(s.getRef()));
        ActorTestSupport.expectPositionsRead(rest).ok(ActorTestSupport.positions());
        s.expectMessageClass(AccountEvent.Snapshot.class); // the view, on subscribing
        assertEquals(AccountEvent.Snapshot.Kind.RECONCILED, ((AccountEvent.Snapshot) nextNotWallet(s)).kind());

        // two reconciliations overlap; the newer read (the position was closed) answers first
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        var older = ActorTestSupport.expectPositionsRead(rest);
        feed.tell(AccountFeed.Reconcile.INSTANCE);
        var newer = ActorTestSupport.expectPositionsRead(rest);
        newer.ok(ActorTestSupport.positions());
        assertEquals(List.of(), ((AccountEvent.Snapshot) nextNotWallet(s)).positions());
        older.ok(ActorTestSupport.positions(ActorTestSupport.position("BTCUSDT", Side.SELL, "0.2", "30000", "30000",
                "30600")));
        // the late answer does not bring the closed position back; its snapshot is the (newer) view
        AccountEvent next = nextNotWallet(s);
        assertEquals(List.of(), ((AccountEvent.Snapshot) next).positions(), next.toString());
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

            subscriber.expectMessageClass(AccountEvent.Snapshot.class, ActorTestSupport.WAIT);
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

            // reconciliation: the exchange now lists no position, so the one relayed as open is gone from the view.
            // The reads at start and at the connect were sent before the stream's news: they cannot undo it
            feed.tell(AccountFeed.Reconcile.INSTANCE);
            for (int read = 0; read < 3; read++) {
                ActorTestSupport.expectPositionsRead(rest).ok(ActorTestSupport.positions());
            }
            List<AccountEvent.Snapshot> snapshots = new java.util.ArrayList<>();
            subscriber.fishForMessage(ActorTestSupport.WAIT, e -> {
                if (e instanceof AccountEvent.Snapshot snap) {
                    snapshots.add(snap);
                }
                return snapshots.size() == 3 ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore();
            });
            assertEquals(List.of(), snapshots.get(2).positions(), snapshots.toString());
            kit.stop(feed);
        } finally {
            binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
