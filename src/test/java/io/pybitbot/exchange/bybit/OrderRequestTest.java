package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderRequestTest {

    @Test
    void limitBodyUsesPlainStrings() {
        OrderRequest r = OrderRequest.limit("BTCUSDT", Side.SELL, new BigDecimal("1E-3"), new BigDecimal("66500.0"),
                OrderRequest.TimeInForce.POST_ONLY, "bot-BTC-1");
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Sell\",\"orderType\":\"Limit\",\"qty\":\"0.001\","
                + "\"price\":\"66500.0\",\"timeInForce\":\"PostOnly\",\"positionIdx\":0,\"orderLinkId\":\"bot-BTC-1\"}",
                BybitJson.writeBody(r.toBody()));
    }

    @Test
    void closeIsReduceOnly() {
        OrderRequest r = OrderRequest.closeMarket("ETHUSDT", Side.BUY, new BigDecimal("1.25"), "close-1");
        assertEquals(Boolean.TRUE, r.toBody().get("reduceOnly"));
    }

    @Test
    void invalidRequestsNameTheProblem() {
        var id = assertThrows(IllegalArgumentException.class,
                () -> OrderRequest.market("BTCUSDT", Side.BUY, BigDecimal.ONE, "x".repeat(37), null, null));
        assertTrue(id.getMessage().contains("orderLinkId"));
        assertThrows(IllegalArgumentException.class,
                () -> OrderRequest.market("BTCUSDT", Side.BUY, BigDecimal.ONE, "bad id!", null, null));
        var qty = assertThrows(IllegalArgumentException.class,
                () -> OrderRequest.market("BTCUSDT", Side.BUY, BigDecimal.ZERO, "ok-1", null, null));
        assertTrue(qty.getMessage().contains("qty"));
        assertThrows(IllegalArgumentException.class, () -> OrderRequest.limit("BTCUSDT", Side.BUY, BigDecimal.ONE, null,
                OrderRequest.TimeInForce.GTC, "ok-2"));
        assertThrows(IllegalArgumentException.class, () -> new OrderRequest("BTCUSDT", Side.SELL, OrderRequest.Type.MARKET,
                BigDecimal.ONE, null, null, 0, "ok-3", true, false, null, BigDecimal.TEN, null));
        // qty 0 is allowed only as close-all (reduceOnly + closeOnTrigger)
        new OrderRequest("BTCUSDT", Side.SELL, OrderRequest.Type.MARKET, BigDecimal.ZERO, null, null, 0, "ok-4", true, true,
                null, null, null);
    }

    @Test
    void tradingStopBody() {
        TradingStopRequest t = new TradingStopRequest("BTCUSDT", 0, null, null, new BigDecimal("500"), new BigDecimal("68000"), null);
        assertEquals("{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"tpslMode\":\"Full\",\"positionIdx\":0,\"trailingStop\":\"500\",\"activePrice\":\"68000\"}",
                BybitJson.writeBody(t.toBody()));
        assertThrows(IllegalArgumentException.class, () -> new TradingStopRequest("BTCUSDT", 0, null, null, null, null, null));
    }
}
