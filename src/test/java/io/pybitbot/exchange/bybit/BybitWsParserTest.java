package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.BybitWsParser;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BybitWsParserTest {

    @Test
    void publicAndPrivateSubscribeAcks() {
        var pub = assertInstanceOf(BybitWsFrame.OpResult.class, BybitWsParser.parse(Fixtures.load("ws-subscribe-ack-public.json")));
        assertEquals("subscribe", pub.op());
        assertTrue(pub.success());
        assertEquals("sub-1", pub.reqId());
        var priv = assertInstanceOf(BybitWsFrame.OpResult.class, BybitWsParser.parse(Fixtures.load("ws-subscribe-ack-private.json")));
        assertTrue(priv.success());
        assertEquals("", priv.reqId());
        var fail = assertInstanceOf(BybitWsFrame.OpResult.class, BybitWsParser.parse(Fixtures.load("ws-subscribe-fail.json")));
        assertFalse(fail.success());
        assertEquals("Params Error", fail.retMsg());
        var auth = assertInstanceOf(BybitWsFrame.OpResult.class, BybitWsParser.parse(Fixtures.load("ws-auth-ok.json")));
        assertEquals("auth", auth.op());
        assertTrue(auth.success());
    }

    @Test
    void pongInBothShapes() {
        var pub = assertInstanceOf(BybitWsFrame.Pong.class, BybitWsParser.parse(Fixtures.load("ws-pong-public.json")));
        assertNull(pub.serverTimeMs());
        var priv = assertInstanceOf(BybitWsFrame.Pong.class, BybitWsParser.parse(Fixtures.load("ws-pong-private.json")));
        assertEquals("test", priv.reqId());
        assertEquals(1675418560633L, priv.serverTimeMs());
    }

    @Test
    void klineFormingCandle() {
        var k = assertInstanceOf(BybitWsFrame.Kline.class, BybitWsParser.parse(Fixtures.load("ws-kline.json")));
        assertEquals("BTCUSDT", k.symbol());
        assertEquals(Interval.M5, k.interval());
        assertEquals(1672324988882L, k.ts());
        Candle c = k.candles().get(0);
        assertEquals(new Candle(1672324800000L, 16649.5, 16677, 16608, 16677, 2.081, 34666.4005, false), c);
        assertEquals(new BigDecimal("34666.4005"), k.bars().get(0).turnover());
        assertEquals(1672325099999L, k.bars().get(0).end());
        assertTrue(k.confirmed().isEmpty());
    }

    @Test
    void klineWithSeveralBarsKeepsOnlyConfirmedInConfirmedView() {
        var k = assertInstanceOf(BybitWsFrame.Kline.class, BybitWsParser.parse(Fixtures.load("ws-kline-confirmed.json")));
        assertEquals(2, k.candles().size());
        assertEquals(1, k.confirmed().size());
        assertEquals(1672324800000L, k.confirmed().get(0).startMs());
        assertEquals(16680, k.confirmed().get(0).close());
    }

    @Test
    void privateTopics() {
        var orders = assertInstanceOf(BybitWsFrame.Orders.class, BybitWsParser.parse(Fixtures.load("ws-order.json")));
        assertEquals("Filled", orders.orders().get(0).orderStatus());
        assertEquals(new BigDecimal("16525"), orders.orders().get(0).avgPrice());
        assertEquals(new BigDecimal("0.0908875"), orders.orders().get(0).cumFeeDetail().get("USDT"));
        assertNull(orders.orders().get(0).takeProfit());
        assertFalse(orders.orders().get(0).isOpen());
        var execs = assertInstanceOf(BybitWsFrame.Executions.class, BybitWsParser.parse(Fixtures.load("ws-execution.json")));
        assertEquals(new BigDecimal("0.05"), execs.executions().get(0).execPnl());
        assertEquals(140612148849382L, execs.executions().get(0).seq());
        assertEquals(1746270400355L, execs.creationTime());
        var pos = assertInstanceOf(BybitWsFrame.Positions.class, BybitWsParser.parse(Fixtures.load("ws-position.json")));
        assertEquals(new BigDecimal("28150.2"), pos.positions().get(0).entry(), "WS uses entryPrice");
        assertNull(pos.positions().get(0).liqPrice());
        var wallet = assertInstanceOf(BybitWsFrame.Wallets.class, BybitWsParser.parse(Fixtures.load("ws-wallet.json")));
        assertEquals(new BigDecimal("9556.61"), wallet.accounts().get(0).totalAvailableBalance());
    }

    @Test
    void categoryTopicsAreRecognised() {
        String text = Fixtures.load("ws-order.json").replace("\"topic\":\"order\"", "\"topic\":\"order.linear\"");
        assertInstanceOf(BybitWsFrame.Orders.class, BybitWsParser.parse(text));
    }

    @Test
    void malformedFramesNeverThrow() {
        String[] bad = {
            "", "not json", "[1,2]", "{\"topic\":\"kline.5.BTCUSDT\"}",
            "{\"topic\":\"kline.7.BTCUSDT\",\"data\":[]}",
            "{\"topic\":\"order\",\"data\":{}}",
        };
        for (String s : bad) {
            BybitWsFrame f = BybitWsParser.parse(s);
            assertInstanceOf(BybitWsFrame.Malformed.class, f, "for input " + s);
        }
        var m = (BybitWsFrame.Malformed) BybitWsParser.parse("{\"topic\":\"kline.5.X\",\"data\":[" + "1,".repeat(1000) + "1");
        assertTrue(m.excerpt().length() < 260);
    }

    @Test
    void invalidRowsAreDroppedAndCountedTheRestDelivered() {
        String good = "{\"start\":1672324800000,\"end\":1672325099999,\"interval\":\"5\",\"open\":\"10\",\"high\":\"12\","
                + "\"low\":\"9\",\"close\":\"11\",\"volume\":\"1\",\"turnover\":\"1\",\"confirm\":true,\"timestamp\":1}";
        String[] badBars = {
            "{\"start\":1,\"open\":\"abc\"}",
            "{\"start\":1672324800000,\"open\":\"10\",\"high\":\"5\",\"low\":\"1\",\"close\":\"2\",\"volume\":\"1\",\"turnover\":\"1\"}",
            "{\"start\":1672324800000,\"open\":\"1\"}",
            "{\"start\":1672324800000,\"open\":\"-1\",\"high\":\"1\",\"low\":\"-2\",\"close\":\"1\",\"volume\":\"1\",\"turnover\":\"1\"}",
            "{\"start\":1672324860000,\"open\":\"1\",\"high\":\"1\",\"low\":\"1\",\"close\":\"1\",\"volume\":\"1\",\"turnover\":\"1\"}",
            "{\"start\":1672324800000,\"open\":\"1\",\"high\":\"" + "9".repeat(400) + "\",\"low\":\"1\",\"close\":\"1\",\"volume\":\"1\",\"turnover\":\"1\"}",
            "null",
        };
        for (String bar : badBars) {
            RejectedRows rejected = new RejectedRows();
            var k = assertInstanceOf(BybitWsFrame.Kline.class,
                    BybitWsParser.parse("{\"topic\":\"kline.5.BTCUSDT\",\"data\":[" + bar + "," + good + "]}", rejected), bar);
            assertEquals(1, k.candles().size(), bar);
            assertEquals(1672324800000L, k.candles().get(0).startMs());
            assertEquals(1, rejected.count("kline"), bar);
        }
        RejectedRows rejected = new RejectedRows();
        var orders = assertInstanceOf(BybitWsFrame.Orders.class, BybitWsParser.parse("{\"topic\":\"order\",\"data\":[null,"
                + "{\"symbol\":\"BTCUSDT\",\"orderId\":\"1\",\"side\":\"Buy\",\"qty\":\"1e30\"}]}", rejected));
        assertEquals(List.of(), orders.orders());
        assertEquals(2, rejected.count("order"));
    }

    @Test
    void unknownTopicIsUnhandledNotMalformed() {
        assertInstanceOf(BybitWsFrame.Unhandled.class,
                BybitWsParser.parse("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{}}"));
    }
}
