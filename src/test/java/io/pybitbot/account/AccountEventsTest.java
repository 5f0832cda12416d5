package io.pybitbot.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.Fixtures;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.BybitWsParser;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountEventsTest {

    private static List<AccountEvent> events(String fixture) {
        return AccountEvents.fromFrame(BybitWsParser.parse(Fixtures.load(fixture)));
    }

    @Test
    void positionFrame() {
        List<AccountEvent> events = events("ws-position.json");
        assertEquals(1, events.size());
        AccountEvent.PositionUpdate p = assertInstanceOf(AccountEvent.PositionUpdate.class, events.get(0));
        assertEquals("BTCUSDT", p.symbol());
        assertEquals(Side.BUY, p.side());
        assertEquals(new BigDecimal("0.010"), p.size());
        assertEquals(new BigDecimal("28150.2"), p.entryPrice(), "the stream's entryPrice");
        assertEquals(new BigDecimal("27500"), p.stopLoss());
        assertEquals(0, p.trailingStop().signum());
        assertEquals(1697682317038L, p.timeMs());
        assertTrue(p.open());
        assertTrue(p.hasStop());
        assertEquals(0, new BigDecimal("281.845").compareTo(p.notional()), "size * mark");
    }

    @Test
    void walletOrderAndExecutionFrames() {
        AccountEvent.WalletUpdate w = assertInstanceOf(AccountEvent.WalletUpdate.class, events("ws-wallet.json").get(0));
        assertEquals(new BigDecimal("10262.91"), w.totalEquity());
        assertEquals(1700034722104L, w.timeMs());

        AccountEvent.OrderUpdate o = assertInstanceOf(AccountEvent.OrderUpdate.class, events("ws-order.json").get(0));
        assertEquals("bot-BTC-000123", o.orderLinkId());
        assertEquals("Filled", o.orderStatus());
        assertTrue(o.terminal());
        assertFalse(o.reduceOnly());
        assertEquals(new BigDecimal("16525"), o.avgPrice());

        AccountEvent.Execution x = assertInstanceOf(AccountEvent.Execution.class, events("ws-execution.json").get(0));
        assertEquals(Side.SELL, x.side());
        assertEquals(new BigDecimal("0.5"), x.closedSize());
        assertEquals(new BigDecimal("26.3725275"), x.fee());
        assertEquals(new BigDecimal("0.05"), x.execPnl());
        assertEquals("", x.orderLinkId());
    }

    @Test
    void aFundingSettlementOnTheExecutionStreamIsNoFill() {
        String frame = Fixtures.load("ws-execution.json").replace("\"execType\":\"Trade\"", "\"execType\":\"Funding\"");
        assertTrue(frame.contains("Funding"));
        assertTrue(AccountEvents.fromFrame(BybitWsParser.parse(frame)).isEmpty(),
                "a funding row would count as a fill of the position");
    }

    @Test
    void framesWithoutAccountDataGiveNothing() {
        assertTrue(events("ws-pong-private.json").isEmpty());
        assertTrue(events("ws-kline.json").isEmpty());
        assertTrue(AccountEvents.fromFrame(new BybitWsFrame.Malformed("bad", "{")).isEmpty());
    }

    @Test
    void aFlatPositionHasNoSideAndASizedOneNeedsOne() {
        AccountEvent.PositionUpdate flat = new AccountEvent.PositionUpdate("BTCUSDT", Side.BUY, BigDecimal.ZERO, null,
                null, null, null, null, null, null, 1L);
        assertNull(flat.side());
        assertFalse(flat.open());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new AccountEvent.PositionUpdate("BTCUSDT", null, BigDecimal.ONE, null, null, null, null, null, null,
                        null, 1L));
        assertTrue(e.getMessage().contains("BTCUSDT"), e.getMessage());
    }
}
