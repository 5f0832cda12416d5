package io.pybitbot.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRateLimits;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.Delayer;
import io.pybitbot.exchange.bybit.FakeBybitServer;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestClientTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ApiCredentials CREDS = new ApiCredentials("TESTKEY0002", "TESTSECRET0002");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeBybitServer server;
    private BybitRestApi api;

    @BeforeEach
    void start() throws Exception {
        server = new FakeBybitServer(testKit.system(), CREDS, InstantSource.system());
        api = new BybitRestApi(testKit.system(), BybitHosts.custom(server.baseUrl()), Optional.of(CREDS),
                InstantSource.system(), BybitRestApi.Config.defaults(), Delayer.pekko(testKit.system()),
                BybitRateLimits.newLimiter());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static OrderRequest entry(String id) {
        return OrderRequest.market("BTCUSDT", Side.BUY, new BigDecimal("0.001"), id, null, null);
    }

    @Test
    void urgentRequestsOvertakeQueuedOnesAndInFlightIsBounded() {
        server.script("/v5/position/list", new FakeBybitServer.RespondLate(Duration.ofMillis(1500)));
        ActorRef<RestClient.Command> client = testKit.spawn(
                RestClient.create(api, InstantSource.system(), new RestClient.Settings(1, 100)));
        TestProbe<BybitResult<PositionsPage>> positions = testKit.createTestProbe();
        TestProbe<BybitResult<WalletBalance>> wallet = testKit.createTestProbe();
        TestProbe<BybitResult<OrderIds>> orders = testKit.createTestProbe();
        TestProbe<BybitResult<Void>> stops = testKit.createTestProbe();
        TestProbe<RestClient.Stats> stats = testKit.createTestProbe();

        client.tell(new RestClient.Submit<>(new RestOp.GetPositions(Optional.of("ETHUSDT")), positions.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.GetWallet(Optional.empty()), wallet.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(entry("entry-1")), orders.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.SetTradingStop(
                new TradingStopRequest("BTCUSDT", 0, null, new BigDecimal("60000"), null, null, null)), stops.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.CancelOrder("BTCUSDT", "old-1"), orders.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(
                OrderRequest.closeMarket("BTCUSDT", Side.SELL, new BigDecimal("0.001"), "close-1")), orders.getRef()));

        client.tell(new RestClient.GetStats(stats.getRef()));
        RestClient.Stats during = stats.receiveMessage(WAIT);
        assertEquals(1, during.inFlight());
        assertEquals(5, during.queued());
        assertEquals(Map.of(RestClient.Priority.CANCEL, 1, RestClient.Priority.PROTECT, 2,
                RestClient.Priority.ENTRY, 1, RestClient.Priority.READ, 1), during.queuedByPriority());

        assertTrue(positions.receiveMessage(WAIT).isOk());
        assertTrue(wallet.receiveMessage(WAIT).isOk());
        assertTrue(stops.receiveMessage(WAIT).isOk());
        for (int i = 0; i < 3; i++) {
            assertTrue(orders.receiveMessage(WAIT).isOk());
        }
        List<String> sent = new ArrayList<>();
        for (FakeBybitServer.Seen s : server.seenAll()) {
            sent.add(s.path() + (s.path().equals("/v5/order/create") ? " " + s.body().replaceAll(".*orderLinkId\":\"([^\"]+).*", "$1") : ""));
        }
        assertEquals(List.of("/v5/position/list", "/v5/order/cancel", "/v5/position/trading-stop",
                "/v5/order/create close-1", "/v5/order/create entry-1", "/v5/account/wallet-balance"), sent);

        client.tell(new RestClient.GetStats(stats.getRef()));
        RestClient.Stats after = stats.receiveMessage(WAIT);
        assertEquals(0, after.queued());
        assertEquals(0, after.inFlight());
        assertEquals(6, after.completed());
        assertTrue(after.maxQueueWait().compareTo(Duration.ZERO) > 0, "queued requests waited for the slow one");
    }

    @Test
    void ordersBeyondTheBucketAreDeferredNotDropped() {
        ActorRef<RestClient.Command> client = testKit.spawn(
                RestClient.create(api, InstantSource.system(), new RestClient.Settings(8, 100)));
        TestProbe<BybitResult<OrderIds>> orders = testKit.createTestProbe();
        // beyond both budgets: the single endpoint's and the batch endpoint's
        int n = BybitRateLimits.Endpoint.ORDER_CREATE.perSecond() + BybitRateLimits.Endpoint.ORDER_CREATE_BATCH.perSecond() + 4;
        for (int i = 0; i < n; i++) {
            client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(entry("burst-" + i)), orders.getRef()));
        }
        for (int i = 0; i < n; i++) {
            assertTrue(orders.receiveMessage(WAIT).isOk());
        }
        assertEquals(n, server.orderCount());
        TestProbe<RestClient.Stats> stats = testKit.createTestProbe();
        client.tell(new RestClient.GetStats(stats.getRef()));
        RestClient.Stats s = stats.receiveMessage(WAIT);
        assertTrue(s.deferredByLimiter() >= 4, "at least the 4 over the two 10/s budgets waited: " + s);
        List<FakeBybitServer.Seen> batches = server.seen("/v5/order/create-batch");
        assertFalse(batches.isEmpty(), "a batch took what the single budget could not");
        assertEquals(10, batches.get(0).body().split("orderLinkId", -1).length - 1, batches.get(0).body());
        assertEquals(n, s.completed());
    }

    @Test
    void callsAndRateLimitRefusalsAreCountedPerBucketWithTheHeadroomLeft() {
        server.script("/v5/position/trading-stop", new FakeBybitServer.RetCode(10006, "Too many visits!", Map.of()));
        ActorRef<RestClient.Command> client = testKit.spawn(
                RestClient.create(api, InstantSource.system(), new RestClient.Settings(8, 100)));
        TestProbe<BybitResult<OrderIds>> orders = testKit.createTestProbe();
        TestProbe<BybitResult<Void>> stops = testKit.createTestProbe();
        client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(entry("b-1")), orders.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.PlaceOrder(entry("b-2")), orders.getRef()));
        assertTrue(orders.receiveMessage(WAIT).isOk());
        assertTrue(orders.receiveMessage(WAIT).isOk());
        client.tell(new RestClient.Submit<>(new RestOp.SetTradingStop(
                new TradingStopRequest("BTCUSDT", 0, null, new BigDecimal("60000"), null, null, null)), stops.getRef()));
        stops.receiveMessage(WAIT); // the API waits out the refusal and tries again

        TestProbe<RestClient.Stats> stats = testKit.createTestProbe();
        client.tell(new RestClient.GetStats(stats.getRef()));
        Map<String, RestClient.BucketStats> byName = new java.util.TreeMap<>();
        stats.receiveMessage(WAIT).buckets().forEach(b -> byName.put(b.name(), b));
        RestClient.BucketStats create = byName.get("ORDER_CREATE");
        assertEquals(2, create.calls(), byName.toString());
        assertEquals(0, create.rateLimited());
        assertEquals(BybitRateLimits.Endpoint.ORDER_CREATE.perSecond(), create.capacity());
        assertTrue(create.available() >= 0 && create.available() <= create.capacity(), create.toString());
        RestClient.BucketStats stop = byName.values().stream().filter(b -> b.rateLimited() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("the 10006 was not counted: " + byName));
        assertEquals(1, stop.calls(), "a retry inside the API is the same call");
        assertEquals(3, byName.get("IP").calls(), "every call is charged to the host's bucket");
    }

    @Test
    void fullQueueRefusesImmediately() {
        server.script("/v5/position/list", new FakeBybitServer.RespondLate(Duration.ofMillis(800)));
        ActorRef<RestClient.Command> client = testKit.spawn(
                RestClient.create(api, InstantSource.system(), new RestClient.Settings(1, 1)));
        TestProbe<BybitResult<PositionsPage>> probe = testKit.createTestProbe();
        for (int i = 0; i < 3; i++) {
            client.tell(new RestClient.Submit<>(new RestOp.GetPositions(Optional.empty()), probe.getRef()));
        }
        BybitResult<PositionsPage> refused = probe.receiveMessage(WAIT);
        BybitError.Transient t = assertInstanceOf(BybitError.Transient.class, ((BybitResult.Err<?>) refused).error());
        assertTrue(t.message().contains("queue full"));
        assertTrue(probe.receiveMessage(WAIT).isOk());
        assertTrue(probe.receiveMessage(WAIT).isOk());
    }

    @Test
    void invalidRequestIsAnsweredNotCrashed() {
        ActorRef<RestClient.Command> client = testKit.spawn(
                RestClient.create(api, InstantSource.system(), RestClient.Settings.defaults()));
        TestProbe<BybitResult<Void>> probe = testKit.createTestProbe();
        client.tell(new RestClient.Submit<>(new RestOp.SetLeverage("BTCUSDT", new BigDecimal("-1")), probe.getRef()));
        BybitError e = ((BybitResult.Err<?>) probe.receiveMessage(WAIT)).error();
        assertInstanceOf(BybitError.InvalidRequest.class, e);
        assertTrue(e.describe().contains("leverage"));
        TestProbe<BybitResult<WalletBalance>> wallet = testKit.createTestProbe();
        client.tell(new RestClient.Submit<>(new RestOp.GetWallet(Optional.empty()), wallet.getRef()));
        assertTrue(wallet.receiveMessage(WAIT).isOk(), "the actor is still alive");
    }

    @Test
    void aClientTakingOverSpendsNoPerUidTokenForItsHoldButMarketDataGoesAtOnce() {
        ActorRef<RestClient.Command> client = testKit.spawn(RestClient.create(api, InstantSource.system(),
                new RestClient.Settings(8, 100, Duration.ofSeconds(2))));
        TestProbe<BybitResult<WalletBalance>> wallet = testKit.createTestProbe();
        TestProbe<BybitResult<List<io.pybitbot.domain.Candle>>> klines = testKit.createTestProbe();
        client.tell(new RestClient.Submit<>(new RestOp.GetWallet(Optional.empty()), wallet.getRef()));
        client.tell(new RestClient.Submit<>(new RestOp.GetKlines("BTCUSDT", io.pybitbot.domain.Interval.M1,
                java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), 5), klines.getRef()));
        assertTrue(klines.receiveMessage(WAIT).isOk(), "the per-IP budget is not held");
        wallet.expectNoMessage(Duration.ofMillis(1000));
        assertTrue(server.seen("/v5/account/wallet-balance").isEmpty(), "a per-UID call left during the hold");
        assertTrue(wallet.receiveMessage(WAIT).isOk(), "held, not dropped");
    }
}
