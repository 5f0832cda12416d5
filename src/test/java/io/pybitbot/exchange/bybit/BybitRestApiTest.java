package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BybitRestApiTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final ApiCredentials CREDS = new ApiCredentials("TESTKEY0001", "TESTSECRET0001");
    private static final long T0 = 1_700_000_000_000L;

    private ManualClock clock;
    private FakeBybitServer server;
    private List<Duration> waits;

    @BeforeEach
    void start() throws Exception {
        clock = new ManualClock(T0);
        server = new FakeBybitServer(testKit.system(), CREDS, clock);
        waits = Collections.synchronizedList(new ArrayList<>());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** Waits advance the manual clock instead of sleeping. */
    private CompletionStage<Void> fakeWait(Duration d) {
        waits.add(d);
        clock.advance(d);
        return CompletableFuture.completedFuture(null);
    }

    private BybitRestApi api(ApiCredentials creds, Duration timeout) {
        BybitRestApi.Config cfg = new BybitRestApi.Config(5000, timeout, 3, Duration.ofMinutes(10), Duration.ofMillis(200));
        return new BybitRestApi(testKit.system(), BybitHosts.custom(server.baseUrl()), Optional.of(creds), clock, cfg,
                this::fakeWait, BybitRateLimits.newLimiter());
    }

    private BybitRestApi api() {
        return api(CREDS, Duration.ofSeconds(5));
    }

    private static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static OrderRequest marketBuy(String linkId) {
        return OrderRequest.market("BTCUSDT", Side.BUY, new BigDecimal("0.010"), linkId, null, new BigDecimal("65000.0"));
    }

    @Test
    void publicEndpointsOverHttp() throws Exception {
        BybitRestApi api = api();
        List<Ticker> tickers = await(api.tickers(Optional.empty())).orThrow();
        assertEquals(new BigDecimal("67012.40"), tickers.get(0).lastPrice());
        List<Candle> candles = await(api.klines("BTCUSDT", Interval.H1, OptionalLong.empty(), OptionalLong.empty(), 3)).orThrow();
        assertEquals(3, candles.size());
        assertTrue(candles.get(0).startMs() < candles.get(2).startMs(), "oldest first");
        List<InstrumentInfo> all = await(api.allInstruments()).orThrow();
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), all.stream().map(InstrumentInfo::symbol).toList());
        List<FakeBybitServer.Seen> pages = server.seen("/v5/market/instruments-info");
        assertEquals(2, pages.size());
        assertTrue(pages.get(1).query().endsWith("cursor=first%3DBTCUSDT%26last%3DBTCUSDT"), pages.get(1).query());
        assertFalse(pages.get(0).signed(), "market data is sent without keys");
        assertEquals("category=linear&symbol=BTCUSDT&interval=60&limit=3", server.seen("/v5/market/kline").get(0).query());
    }

    @Test
    void klinesBetweenPagesThroughLongRanges() throws Exception {
        BybitRestApi api = api();
        long step = Interval.M1.millis();
        long from = (T0 - 2500 * step) / step * step;
        long to = from + 2499 * step;
        List<Candle> candles = await(api.klinesBetween("BTCUSDT", Interval.M1, from, to)).orThrow();
        assertEquals(2500, candles.size());
        for (int i = 0; i < candles.size(); i++) {
            assertEquals(from + i * step, candles.get(i).startMs(), "contiguous, oldest first, no duplicates at page seams");
            assertTrue(candles.get(i).confirmed());
        }
        assertEquals(3, server.seen("/v5/market/kline").size());
    }

    @Test
    void signedRequestsVerifyOnTheServer() throws Exception {
        BybitRestApi api = api();
        assertTrue(await(api.walletBalance(Optional.of("USDT"))).isOk());
        assertTrue(await(api.positions(Optional.of("ETHUSDT"), Optional.empty())).isOk());
        OrderIds ids = await(api.placeOrder(marketBuy("sig-1"))).orThrow();
        assertEquals("sig-1", ids.orderLinkId());
        assertEquals(0, server.badSignatures());
        String body = server.seen("/v5/order/create").get(0).body();
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.010\","
                + "\"positionIdx\":0,\"orderLinkId\":\"sig-1\",\"stopLoss\":\"65000.0\",\"tpslMode\":\"Full\",\"slTriggerBy\":\"MarkPrice\"}", body);
    }

    @Test
    void timestampRejectedResyncsClockAndResigns() throws Exception {
        server.setSkew(30_000); // our clock is 30 s behind the server: outside the 5 s recv window
        BybitRestApi api = api();
        OrderIds ids = await(api.placeOrder(marketBuy("skew-1"))).orThrow();
        assertEquals("skew-1", ids.orderLinkId());
        assertEquals(30_000, api.clockOffsetMs());
        assertEquals(2, server.seen("/v5/order/create").size(), "one rejected, one re-signed attempt");
        assertEquals(BybitRestApi.CLOCK_SAMPLES, server.seen("/v5/market/time").size(), "one sync of several samples");
        assertEquals(1, server.orderCount());
        assertEquals(0, server.badSignatures());
    }

    @Test
    void rateLimitWaitsUntilResetTimestamp() throws Exception {
        server.script("/v5/position/list", new FakeBybitServer.RetCode(10006, "Too many visits!",
                Map.of("X-Bapi-Limit", "50", "X-Bapi-Limit-Status", "0", "X-Bapi-Limit-Reset-Timestamp", Long.toString(T0 + 700))));
        BybitRestApi api = api();
        assertTrue(await(api.positions(Optional.empty(), Optional.empty())).isOk());
        assertEquals(List.of(Duration.ofMillis(700)), waits);
        assertEquals(2, server.seen("/v5/position/list").size());
    }

    @Test
    void ipBanPausesTheWholeClient() throws Exception {
        server.script("/v5/market/tickers", new FakeBybitServer.Status(403, "access too frequent"));
        BybitRestApi api = api();
        BybitResult<List<Ticker>> first = await(api.tickers(Optional.of("BTCUSDT")));
        BybitError.IpBanned ban = assertInstanceOf(BybitError.IpBanned.class, ((BybitResult.Err<?>) first).error());
        assertEquals(T0 + Duration.ofMinutes(10).toMillis(), ban.bannedUntilMs());
        assertTrue(api.isBanned());
        BybitResult<?> wallet = await(api.walletBalance(Optional.empty()));
        assertInstanceOf(BybitError.IpBanned.class, ((BybitResult.Err<?>) wallet).error());
        assertEquals(0, server.seen("/v5/account/wallet-balance").size(), "nothing is sent during the ban");
        clock.advance(Duration.ofMinutes(10));
        assertFalse(api.isBanned());
        assertTrue(await(api.tickers(Optional.of("BTCUSDT"))).isOk());
        assertEquals(2, server.seen("/v5/market/tickers").size());
    }

    @Test
    void timedOutCreateIsLookedUpNotResent() throws Exception {
        server.script("/v5/order/create", new FakeBybitServer.RespondLate(Duration.ofSeconds(3)));
        BybitRestApi api = api(CREDS, Duration.ofMillis(400));
        OrderIds ids = await(api.placeOrder(marketBuy("lost-1"))).orThrow();
        assertEquals("lost-1", ids.orderLinkId());
        assertEquals(1, server.orderCount());
        assertEquals(1, server.seen("/v5/order/create").size(), "found by orderLinkId, so never re-sent");
        assertFalse(server.seen("/v5/order/realtime").isEmpty());
    }

    @Test
    void lostReplyAfterCreateFindsTheOrder() throws Exception {
        server.script("/v5/order/create", new FakeBybitServer.CreateThenStatus(502));
        BybitRestApi api = api();
        OrderIds ids = await(api.placeOrder(marketBuy("lost-2"))).orThrow();
        assertEquals("lost-2", ids.orderLinkId());
        assertEquals(1, server.orderCount());
        assertEquals(1, server.seen("/v5/order/create").size());
    }

    @Test
    void failedCreateThatDidNotLandIsSentOnceMore() throws Exception {
        server.script("/v5/order/create", new FakeBybitServer.Status(502, "Bad Gateway"));
        BybitRestApi api = api();
        OrderIds ids = await(api.placeOrder(marketBuy("lost-3"))).orThrow();
        assertEquals("lost-3", ids.orderLinkId());
        assertEquals(1, server.orderCount());
        assertEquals(2, server.seen("/v5/order/create").size());
    }

    @Test
    void duplicateLinkIdResolvesToTheExistingOrder() throws Exception {
        BybitRestApi api = api();
        OrderIds first = await(api.placeOrder(marketBuy("dup-1"))).orThrow();
        OrderIds again = await(api.placeOrder(marketBuy("dup-1"))).orThrow();
        assertEquals(first, again);
        assertEquals(1, server.orderCount());
    }

    @Test
    void badSecretIsFatalWithClearMessageAndNoRetry() throws Exception {
        BybitRestApi api = api(new ApiCredentials("TESTKEY0001", "WRONGSECRET99"), Duration.ofSeconds(5));
        BybitResult<?> r = await(api.walletBalance(Optional.empty()));
        BybitError e = ((BybitResult.Err<?>) r).error();
        assertEquals(BybitError.Handling.FATAL, e.handling());
        assertTrue(e.describe().contains("BYBIT_API_SECRET"), e.describe());
        assertFalse(e.describe().contains("WRONGSECRET99"));
        assertEquals(1, server.seen("/v5/account/wallet-balance").size());
        BybitRestApi wrongKey = api(new ApiCredentials("OTHERKEY", "TESTSECRET0001"), Duration.ofSeconds(5));
        BybitError k = ((BybitResult.Err<?>) await(wrongKey.walletBalance(Optional.empty()))).error();
        assertTrue(k.describe().contains("10003"), k.describe());
    }

    @Test
    void notModifiedCountsAsSuccess() throws Exception {
        server.script("/v5/position/set-leverage", new FakeBybitServer.RetCode(110043, "Set leverage not modified", Map.of()));
        BybitRestApi api = api();
        BybitResult<Void> r = await(api.setLeverage("BTCUSDT", new BigDecimal("5")));
        BybitResult.Ok<Void> ok = assertInstanceOf(BybitResult.Ok.class, r);
        assertTrue(ok.notModified());
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"buyLeverage\":\"5\",\"sellLeverage\":\"5\"}",
                server.seen("/v5/position/set-leverage").get(0).body());
        server.script("/v5/position/trading-stop", new FakeBybitServer.RetCode(34040, "not modified", Map.of()));
        assertTrue(await(api.tradingStop(new TradingStopRequest("BTCUSDT", 0, null, new BigDecimal("64000"), null, null, "MarkPrice"))).isOk());
    }

    @Test
    void transientReadErrorsRetryWithBackoff() throws Exception {
        server.script("/v5/position/list", new FakeBybitServer.Status(503, "busy"), new FakeBybitServer.RetCode(10016, "restarting", Map.of()));
        BybitRestApi api = api();
        assertTrue(await(api.positions(Optional.of("ETHUSDT"), Optional.empty())).isOk());
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400)), waits);
    }

    @Test
    void unreadableRepliesBecomeErrorsNotFailedStages() throws Exception {
        for (int i = 0; i < BybitRestApi.CLOCK_SAMPLES; i++) {
            server.script("/v5/market/time", new FakeBybitServer.Status(200, "<html>maintenance</html>"),
                    new FakeBybitServer.Status(200, "{\"retCode\":0,\"result\":{\"timeNano\":\"soon\"}}"),
                    new FakeBybitServer.Status(200, "{}"));
        }
        BybitRestApi api = api();
        BybitResult<Long> r = await(api.syncClock());
        assertInstanceOf(BybitError.Malformed.class, ((BybitResult.Err<?>) r).error());
        assertEquals(0, api.clockOffsetMs(), "a bad reply never moves the clock");
        assertEquals(3 * BybitRestApi.CLOCK_SAMPLES, server.seen("/v5/market/time").size(),
                "each sample's read retries up to maxAttempts");
        assertEquals(Duration.ofMillis(200), waits.get(0));
        assertEquals(Duration.ofMillis(400), waits.get(1));
    }

    @Test
    void privateCallWithoutKeysFailsClearly() throws Exception {
        BybitRestApi api = new BybitRestApi(testKit.system(), BybitHosts.custom(server.baseUrl()), Optional.empty(), clock,
                BybitRestApi.Config.defaults(), this::fakeWait, BybitRateLimits.newLimiter());
        BybitError e = ((BybitResult.Err<?>) await(api.walletBalance(Optional.empty()))).error();
        assertTrue(e.describe().contains("BYBIT_API_KEY"), e.describe());
        assertTrue(server.seen("/v5/account/wallet-balance").isEmpty());
    }
}
