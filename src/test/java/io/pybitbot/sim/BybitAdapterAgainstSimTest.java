package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitHosts;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bot's own Bybit adapter, unchanged, talking to the simulator: only the base URL differs. */
class BybitAdapterAgainstSimTest {

    static final ActorTestKit testKit = ActorTestKit.create("BybitAdapterAgainstSimTest");
    static MutableClock wall;
    static SimulatedExchange sim;
    static BybitRestApi api;

    @BeforeAll
    static void start() {
        wall = new MutableClock(SimRestTest.START);
        sim = SimulatedExchange.start(SimRestTest.settings(), testKit.system(), wall);
        api = BybitRestApi.create(testKit.system(), BybitHosts.custom(sim.restBaseUrl()),
                Optional.of(new ApiCredentials(SimSettings.DEFAULT_API_KEY, SimSettings.DEFAULT_API_SECRET)), wall);
    }

    @AfterAll
    static void stop() {
        sim.stop();
        testKit.shutdownTestKit();
    }

    private static <T> T ok(CompletionStage<BybitResult<T>> call) {
        try {
            return call.toCompletableFuture().get(20, TimeUnit.SECONDS).orThrow();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void marketDataThroughTheAdapter() {
        assertEquals(sim.virtualNowMs(), ok(api.serverTime()).epochMillis());
        // manual stepping runs virtual time ahead of the wall clock: the adapter's offset sync absorbs that
        assertEquals(sim.virtualNowMs() - wall.millis(), (long) ok(api.syncClock()));
        List<Candle> k = ok(api.klines("BTCUSDT", Interval.M1, OptionalLong.empty(), OptionalLong.empty(), 10));
        assertEquals(10, k.size());
        assertTrue(k.get(0).startMs() < k.get(9).startMs(), "oldest first");
        assertFalse(k.get(9).confirmed());
        assertTrue(k.get(8).confirmed());
        List<InstrumentInfo> instruments = ok(api.allInstruments());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), instruments.stream().map(InstrumentInfo::symbol).toList());
        assertEquals(0, new BigDecimal("0.1").compareTo(instruments.get(0).priceFilter().tickSize()));
        assertEquals(2, ok(api.tickers(Optional.empty())).size());
    }

    @Test
    void orderWithTpSlPositionAndWalletThroughTheAdapter() {
        BybitResult<Void> lev = api.setLeverage("ETHUSDT", new BigDecimal("5")).toCompletableFuture().join();
        assertTrue(lev.isOk(), lev::toString);
        BybitResult<Void> again = api.setLeverage("ETHUSDT", new BigDecimal("5")).toCompletableFuture().join();
        assertTrue(again instanceof BybitResult.Ok<Void> o && o.notModified(), again::toString);

        double last = sim.core().engine().lastPrice("ETHUSDT");
        BigDecimal tp = sim.core().specs().get("ETHUSDT").roundPrice(last * 1.3);
        BigDecimal sl = sim.core().specs().get("ETHUSDT").roundPrice(last * 0.7);
        OrderIds ids = ok(api.placeOrder(OrderRequest.market("ETHUSDT", Side.BUY, new BigDecimal("0.5"), "adapter-1",
                tp, sl)));
        assertEquals("adapter-1", ids.orderLinkId());
        sim.step(3);
        PositionInfo p = ok(api.positions(Optional.of("ETHUSDT"), Optional.empty())).list().get(0);
        assertEquals("Buy", p.side());
        assertEquals(0, new BigDecimal("0.5").compareTo(p.size()));
        assertEquals(0, tp.compareTo(p.takeProfit()));
        assertEquals(0, sl.compareTo(p.stopLoss()));
        assertEquals(0, new BigDecimal("5").compareTo(p.leverage()));

        BigDecimal newSl = sim.core().specs().get("ETHUSDT").roundPrice(last * 0.8);
        BybitResult<Void> ts = api.tradingStop(new TradingStopRequest("ETHUSDT", 0, null, newSl, null, null, null))
                .toCompletableFuture().join();
        assertTrue(ts.isOk(), ts::toString);
        assertEquals(0, newSl.compareTo(ok(api.positions(Optional.of("ETHUSDT"), Optional.empty())).list().get(0)
                .stopLoss()));

        assertTrue(ok(api.findOrder("ETHUSDT", "adapter-1")).isPresent());
        List<ExecutionInfo> fills = ok(api.executions(Optional.of("ETHUSDT"), OptionalLong.empty(), Optional.empty(),
                50)).list();
        assertEquals(1, fills.size());
        WalletAccount w = ok(api.walletBalance(Optional.of("USDT"))).list().get(0);
        assertEquals(0, w.totalEquity().compareTo(w.totalWalletBalance().add(w.totalPerpUPL())));
        assertEquals("USDT", w.coin().get(0).coin());
    }
}
