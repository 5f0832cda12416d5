package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.PlacementResult;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.math.BigDecimal;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Bybit's codes and strings become the core's words only here. */
class BybitVenueTest {

    private static PlacementResult refused(int code, String msg) {
        return BybitVenue.placement(BybitResult.err(BybitErrors.fromRetCode(code, msg, OptionalLong.empty())));
    }

    @Test
    void aStopOnAPositionAlreadyGoneIsToldApartFromOtherParameterErrors() {
        assertTrue(BybitVenue.noPositionToProtect(BybitResult.err(new BybitError.Rejected(10001,
                "can not set tp/sl/ts for zero position"))));
        assertFalse(BybitVenue.noPositionToProtect(BybitResult.err(new BybitError.Rejected(10001,
                "StopLoss:29500 set for Buy position should be lower than base_price:29400"))));
        assertFalse(BybitVenue.noPositionToProtect(BybitResult.ok(null)));
    }

    @Test
    void retCodesMapToRejectReasons() {
        assertEquals(new PlacementResult.Rejected(RejectReason.REDUCE_ONLY_NOT_SATISFIED,
                "Bybit rejected (110017): Reduce-only rule not satisfied"), refused(110017, "Reduce-only rule not satisfied"));
        assertEquals(RejectReason.DUPLICATE, ((PlacementResult.Rejected) refused(110072, "dup")).reason());
        for (int code : new int[] {110004, 110007, 110012, 110044, 110045}) {
            assertEquals(RejectReason.INSUFFICIENT_BALANCE, ((PlacementResult.Rejected) refused(code, "")).reason(), "" + code);
        }
        assertEquals(RejectReason.INVALID_ORDER, ((PlacementResult.Rejected) refused(110094, "min notional")).reason());
        assertEquals(RejectReason.PROTECTION_REJECTED, ((PlacementResult.Rejected) refused(10001,
                "StopLoss:29500 set for Buy position should be lower than base_price:29400")).reason());
        assertEquals(RejectReason.PROTECTION_REJECTED, ((PlacementResult.Rejected) refused(10001,
                "TakeProfit:29000 set for Buy position should be higher than base_price:29400")).reason());
        assertEquals(RejectReason.INVALID_ORDER, ((PlacementResult.Rejected) refused(10001,
                "qty 0.0015 is not a multiple of qtyStep 0.001")).reason());
        assertEquals(RejectReason.NOT_PERMITTED, ((PlacementResult.Rejected) refused(10005, "perm")).reason());
        assertEquals(RejectReason.UNAVAILABLE, ((PlacementResult.Rejected) refused(10006, "rate")).reason());
        assertEquals(RejectReason.OTHER, ((PlacementResult.Rejected) refused(123456, "?")).reason());
    }

    @Test
    void anAmbiguousWriteIsAnUnknownOutcomeAndOkCarriesTheOrderId() {
        assertTrue(BybitVenue.placement(BybitResult.err(new BybitError.Ambiguous("read timed out")))
                instanceof PlacementResult.Unknown);
        assertEquals(new PlacementResult.Accepted("123"), BybitVenue.placement(BybitResult.ok(new OrderIds("123", "x"))));
        assertEquals(new PlacementResult.Accepted(""), BybitVenue.placement(BybitResult.ok(null)));
    }

    @Test
    void streamRejectStringsMapToReasons() {
        assertNull(BybitVenue.orderEndReason(""));
        assertNull(BybitVenue.orderEndReason("EC_NoError"));
        assertEquals(RejectReason.REDUCE_ONLY_NOT_SATISFIED, BybitVenue.orderEndReason("EC_ReduceOnlyNoPosition"));
        assertEquals(RejectReason.REDUCE_ONLY_NOT_SATISFIED, BybitVenue.orderEndReason("EC_ReduceOnlyQtyExceeded"));
        assertEquals(RejectReason.OTHER, BybitVenue.orderEndReason("EC_CancelForNoFullFill"));
        assertEquals(RejectReason.POST_ONLY_WOULD_TAKE, BybitVenue.orderEndReason("EC_PostOnlyWillTakeLiquidity"));
    }

    @Test
    void aLimitTicketIsAPostOnlyLimitWithItsLevels() {
        Map<String, Object> body = BybitVenue.request(OrderTicket.openLimit("BTCUSDT", Side.SELL, new BigDecimal("0.166"),
                new BigDecimal("30100.5"), "id-3", new BigDecimal("29000.0"), new BigDecimal("30800.0"))).toBody();
        assertEquals("Limit", body.get("orderType"));
        assertEquals("30100.5", body.get("price"));
        assertEquals("PostOnly", body.get("timeInForce"));
        assertEquals("30800.0", body.get("stopLoss"));
        assertEquals("29000.0", body.get("takeProfit"));
        assertEquals("Full", body.get("tpslMode"));
        assertNull(body.get("reduceOnly"));
    }

    @Test
    void ticketsBecomeOneWayMarketOrders() {
        OrderRequest open = BybitVenue.request(OrderTicket.open("BTCUSDT", Side.BUY, new BigDecimal("0.166"), "id-1",
                new BigDecimal("31200.1"), new BigDecimal("29400.0")));
        assertEquals("Market", open.toBody().get("orderType"));
        assertEquals("0.166", open.toBody().get("qty"));
        assertEquals("29400.0", open.toBody().get("stopLoss"));
        assertEquals("Full", open.toBody().get("tpslMode"));
        assertFalse(open.reduceOnly());
        OrderRequest close = BybitVenue.request(OrderTicket.close("BTCUSDT", Side.SELL, new BigDecimal("0.166"), "id-2"));
        assertTrue(close.reduceOnly());
        assertFalse(close.closeOnTrigger());
        assertNull(close.stopLoss());
        assertEquals("id-2", close.orderLinkId());
    }
}
