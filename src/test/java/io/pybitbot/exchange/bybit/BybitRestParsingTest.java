package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentsPage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.KlinePage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.ServerTime;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.MarketDtos.TickersPage;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.BatchItem;
import io.pybitbot.exchange.bybit.dto.TradeDtos.CancelAllResult;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BybitRestParsingTest {

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    @Test
    void serverTimeUsesNanosForMillis() throws Exception {
        BybitJson.Envelope env = BybitJson.envelope(Fixtures.load("market-time.json"));
        assertEquals(0, env.retCode());
        assertEquals(1688639403423L, env.time());
        assertEquals(1688639403423L, BybitJson.result(env, ServerTime.class, "").epochMillis());
    }

    @Test
    void klinesComeBackOldestFirstAndNewestUnconfirmedWhileOpen() throws Exception {
        KlinePage page = BybitJson.parseResult(Fixtures.load("market-kline.json"), KlinePage.class);
        long newestStart = 1670608800000L;
        List<Candle> candles = page.toCandles(Interval.H1, newestStart + 10 * 60_000L);
        assertEquals(3, candles.size());
        assertEquals(1670601600000L, candles.get(0).startMs());
        assertEquals(newestStart, candles.get(2).startMs());
        assertEquals(17086.5, candles.get(0).open());
        assertEquals(17088, candles.get(0).high());
        assertEquals(16978, candles.get(0).low());
        assertEquals(17071.5, candles.get(0).close());
        assertEquals(63.56, candles.get(0).volume());
        assertEquals(1083853.9, candles.get(0).turnover());
        assertTrue(candles.get(0).confirmed());
        assertTrue(candles.get(1).confirmed());
        assertFalse(candles.get(2).confirmed(), "newest candle is still forming");
        assertTrue(page.toCandles(Interval.H1, newestStart + Interval.H1.millis()).get(2).confirmed());
    }

    @Test
    void malformedKlineRowIsDroppedAndNamed() throws Exception {
        long t = 1_700_000_040_000L;
        String body = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"list\":["
                + "[\"" + (t + 60_000) + "\",\"x\",\"1\",\"1\",\"1\",\"1\",\"1\"],"
                + "[\"" + t + "\",\"1\",\"2\",\"1\",\"1.5\",\"1\",\"1\"]]},\"time\":1}";
        KlinePage page = BybitJson.parseResult(body, KlinePage.class);
        var checked = page.checkedCandles(Interval.M1, t + 600_000);
        assertEquals(List.of(t), checked.candles().stream().map(c -> c.startMs()).toList(), "the good row survives");
        assertEquals(1, checked.rejected().size());
        assertTrue(checked.rejected().get(0).contains("row 0") && checked.rejected().get(0).contains("BTCUSDT"),
                checked.rejected().get(0));
    }

    @Test
    void instrumentsPagesMapToSpecs() throws Exception {
        InstrumentsPage p1 = BybitJson.parseResult(Fixtures.load("market-instruments-page1.json"), InstrumentsPage.class);
        assertTrue(p1.hasNext());
        assertEquals("first%3DBTCUSDT%26last%3DBTCUSDT", p1.nextPageCursor());
        InstrumentSpec btc = p1.list().get(0).toSpec();
        assertEquals("BTCUSDT", btc.symbol());
        assertEquals(0, bd("0.1").compareTo(btc.tickSize()));
        assertEquals(0, bd("0.001").compareTo(btc.qtyStep()));
        assertEquals(0, bd("0.001").compareTo(btc.minOrderQty()));
        assertEquals(0, bd("1190").compareTo(btc.maxOrderQty()));
        assertEquals(0, bd("5").compareTo(btc.minNotional()));
        assertEquals(0, bd("100").compareTo(btc.maxLeverage()));
        assertEquals(2, p1.list().get(0).priceScale());
        assertEquals(0L, p1.list().get(0).deliveryTime());
        assertTrue(p1.list().get(0).isTrading());
        assertEquals(0, bd("500.000").compareTo(p1.list().get(0).lotSizeFilter().maxMktOrderQty()));
        InstrumentsPage p2 = BybitJson.parseResult(Fixtures.load("market-instruments-page2.json"), InstrumentsPage.class);
        assertFalse(p2.hasNext());
        assertEquals("ETHUSDT", p2.list().get(0).toSpec().symbol());
    }

    @Test
    void tickers() throws Exception {
        TickersPage page = BybitJson.parseResult(Fixtures.load("market-tickers.json"), TickersPage.class);
        Ticker t = page.list().get(0);
        assertEquals("BTCUSDT", t.symbol());
        assertEquals(bd("67012.40"), t.lastPrice());
        assertEquals(bd("67018.90"), t.markPrice());
        assertEquals(bd("67012.30"), t.bid1Price());
        assertEquals(bd("0.0001"), t.fundingRate());
        assertEquals(1760371200000L, t.nextFundingTime());
    }

    @Test
    void orderCreateCancelAndCancelAll() throws Exception {
        OrderIds created = BybitJson.parseResult(Fixtures.load("order-create.json"), OrderIds.class);
        assertEquals(new OrderIds("1321003749386327552", "bot-BTC-000123"), created);
        OrderIds cancelled = BybitJson.parseResult(Fixtures.load("order-cancel.json"), OrderIds.class);
        assertEquals("bot-BTC-000123", cancelled.orderLinkId());
        CancelAllResult all = BybitJson.parseResult(Fixtures.load("order-cancel-all.json"), CancelAllResult.class);
        assertEquals("1", all.success());
        assertEquals(List.of(new OrderIds("1616024329462743808", "1616024329462743809")), all.list());
    }

    @Test
    void openOrders() throws Exception {
        OrdersPage page = BybitJson.parseResult(Fixtures.load("order-realtime.json"), OrdersPage.class);
        OrderInfo o = page.list().get(0);
        assertEquals("bot-BTC-000123", o.orderLinkId());
        assertEquals(bd("66500.0"), o.price());
        assertEquals(bd("0.010"), o.qty());
        assertEquals(bd("0.000"), o.cumExecQty());
        assertNull(o.avgPrice(), "empty avgPrice means nothing filled");
        assertEquals(0, o.positionIdx());
        assertEquals(Boolean.FALSE, o.reduceOnly());
        assertEquals(1684738540559L, o.createdTime());
        assertTrue(o.isOpen());
    }

    @Test
    void positionList() throws Exception {
        PositionsPage page = BybitJson.parseResult(Fixtures.load("position-list.json"), PositionsPage.class);
        PositionInfo p = page.list().get(0);
        assertEquals("ETHUSDT", p.symbol());
        assertEquals("Sell", p.side());
        assertEquals(bd("1.25"), p.size());
        assertEquals(bd("3120.55"), p.entry());
        assertEquals(bd("-2.145"), p.curRealisedPnl());
        assertEquals(5723621632L, p.seq());
        assertFalse(p.isFlat());
    }

    @Test
    void emptyResultEndpoints() throws Exception {
        for (String f : List.of("position-trading-stop.json", "position-set-leverage.json")) {
            BybitJson.Envelope env = BybitJson.envelope(Fixtures.load(f));
            assertTrue(env.ok(), f);
            assertTrue(env.result().isEmpty(), f);
        }
        BybitJson.Envelope nm = BybitJson.envelope(Fixtures.load("position-set-leverage-not-modified.json"));
        assertEquals(110043, nm.retCode());
        assertTrue(BybitErrors.isNotModified(nm.retCode()));
    }

    @Test
    void walletBalance() throws Exception {
        WalletBalance wb = BybitJson.parseResult(Fixtures.load("account-wallet-balance.json"), WalletBalance.class);
        WalletAccount a = wb.list().get(0);
        assertEquals("UNIFIED", a.accountType());
        assertEquals(bd("10262.91"), a.totalEquity());
        assertEquals(bd("9556.61"), a.totalAvailableBalance());
        assertEquals("USDT", a.coin().get(0).coin());
        assertEquals(bd("-312.08"), a.coin().get(0).cumRealisedPnl());
    }

    @Test
    void executionList() throws Exception {
        ExecutionsPage page = BybitJson.parseResult(Fixtures.load("execution-list.json"), ExecutionsPage.class);
        assertEquals("132766%3A2%2C132766%3A2", page.nextPageCursor());
        ExecutionInfo e = page.list().get(0);
        assertEquals("e0cbe81d-0f18-5866-9415-cf319b5dab3b", e.execId());
        assertEquals(bd("66500.0"), e.execPrice());
        assertEquals(bd("0.1330"), e.execFee());
        assertEquals(Boolean.TRUE, e.isMaker());
        assertNull(e.closedSize());
        assertEquals(1672282722429L, e.execTime());
        assertEquals(4688002127L, e.seq());
    }

    @Test
    void errorEnvelopes() throws Exception {
        assertEquals(10002, BybitJson.envelope(Fixtures.load("error-10002.json")).retCode());
        BybitJson.Envelope rl = BybitJson.envelope(Fixtures.load("error-10006.json"));
        assertEquals(10006, rl.retCode());
        assertEquals("Too many visits!", rl.retMsg());
    }

    @Test
    void garbageGivesTypedParseErrorWithTruncatedExcerpt() {
        String big = "<html>" + "x".repeat(5000);
        BybitParseException e = assertThrows(BybitParseException.class, () -> BybitJson.envelope(big));
        assertTrue(e.excerpt().length() < 260, e.excerpt());
        assertThrows(BybitParseException.class, () -> BybitJson.envelope("{\"retMsg\":\"no code\"}"));
        assertThrows(BybitParseException.class, () -> BybitJson.envelope(""));
        assertThrows(BybitParseException.class,
                () -> BybitJson.parseResult("{\"retCode\":0,\"result\":{\"list\":\"notalist\"}}", TickersPage.class));
    }

    @Test
    void requestBodyIsCompactInInsertionOrder() {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("category", "linear");
        body.put("symbol", "BTCUSDT");
        body.put("side", "Buy");
        body.put("orderType", "Market");
        body.put("qty", "0.001");
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"0.001\"}",
                BybitJson.writeBody(body));
    }

    private static String batchAnswer(String ids, String codes) {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" + ids + "]},\"retExtInfo\":{\"list\":["
                + codes + "]},\"time\":1700000000000}";
    }

    @Test
    void aBatchAnswerGivesEachOrderItsOwnCodeInTheOrderSent() throws Exception {
        String body = batchAnswer(
                "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"orderId\":\"b-1\",\"orderLinkId\":\"e-1\",\"createAt\":\"1700000000000\"},"
                        + "{\"category\":\"linear\",\"symbol\":\"ETHUSDT\",\"orderId\":\"\",\"orderLinkId\":\"e-2\",\"createAt\":\"\"}",
                "{\"code\":0,\"msg\":\"OK\"},{\"code\":10006,\"msg\":\"Too many visits!\"}");
        List<BatchItem> items = BybitPages.batchItems(BybitJson.envelope(body), body, List.of("e-1", "e-2"));
        assertEquals(List.of(new BatchItem(0, "OK", "b-1", "e-1"), new BatchItem(10006, "Too many visits!", "", "e-2")),
                items);
    }

    @Test
    void aBatchAnswerThatDoesNotLineUpWithTheOrdersSentIsRefusedWhole() throws Exception {
        String one = "{\"orderId\":\"b-1\",\"orderLinkId\":\"e-1\"}";
        String ok = "{\"code\":0,\"msg\":\"OK\"}";
        String shortAnswer = batchAnswer(one, ok);
        assertThrows(BybitParseException.class, () -> BybitPages.batchItems(BybitJson.envelope(shortAnswer),
                shortAnswer, List.of("e-1", "e-2")), "one outcome for two orders");
        String otherOrder = batchAnswer(one, ok);
        assertThrows(BybitParseException.class, () -> BybitPages.batchItems(BybitJson.envelope(otherOrder),
                otherOrder, List.of("e-9")), "an outcome naming another order");
        String noCodes = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"list\":[" + one + "]},\"retExtInfo\":{}}";
        assertThrows(BybitParseException.class, () -> BybitPages.batchItems(BybitJson.envelope(noCodes), noCodes,
                List.of("e-1")), "no per-order codes");
    }
}
