package io.pybitbot.exchange.bybit;

import io.pybitbot.domain.OrderTicket;
import io.pybitbot.domain.PlacementResult;
import io.pybitbot.domain.RejectReason;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import java.util.Set;

/**
 * Bybit behind the venue-neutral order types: tickets become {@link OrderRequest}s, Bybit's answers,
 * retCodes (110017, 110072, ...) and stream reject strings become {@link PlacementResult}s and
 * {@link RejectReason}s. The only place the trading core's words meet Bybit's.
 */
public final class BybitVenue {

    /** 110017: a reduce-only order that would not reduce a position (it is already flat, or smaller). */
    public static final int REDUCE_ONLY_NOT_SATISFIED = 110017;

    private static final Set<Integer> INSUFFICIENT = Set.of(110004, 110007, 110012, 110044, 110045);
    private static final Set<Integer> INVALID = Set.of(110003, 110020, 110040, 110090, 110094, 10001);

    private BybitVenue() {}

    /** The create-order request for a ticket: market, one-way mode, TP/SL on the whole position by mark price. */
    public static OrderRequest request(OrderTicket t) {
        if (t.limitOrder()) {
            return OrderRequest.postOnlyEntry(t.symbol(), t.side(), t.qty(), t.limitPrice(), t.clientOrderId(),
                    t.takeProfit(), t.stopLoss());
        }
        return t.reduceOnly()
                ? OrderRequest.closeMarket(t.symbol(), t.side(), t.qty(), t.clientOrderId())
                : OrderRequest.market(t.symbol(), t.side(), t.qty(), t.clientOrderId(), t.takeProfit(), t.stopLoss());
    }

    public static PlacementResult placement(BybitResult<OrderIds> result) {
        if (result instanceof BybitResult.Ok<OrderIds> ok) {
            String orderId = ok.value() == null || ok.value().orderId() == null ? "" : ok.value().orderId();
            return new PlacementResult.Accepted(orderId);
        }
        BybitError error = ((BybitResult.Err<OrderIds>) result).error();
        if (error.handling() == BybitError.Handling.AMBIGUOUS) {
            return new PlacementResult.Unknown(error.describe());
        }
        return new PlacementResult.Rejected(reason(error), error.describe());
    }

    /**
     * A TP/SL request refused because the position is already gone ({@code 10001 can not set tp/sl/ts for zero
     * position}): its stop or target closed it meanwhile. Nothing is left unprotected, so it is no protection failure.
     */
    public static boolean noPositionToProtect(BybitResult<?> result) {
        return result instanceof BybitResult.Err<?> err && err.error() instanceof BybitError.Rejected r
                && r.retCode() == 10001 && r.retMsg() != null && r.retMsg().contains("zero position");
    }

    /** A cancel refused because the order is no longer open (it filled or ended meanwhile). */
    public static boolean orderGone(BybitResult<?> result) {
        return result instanceof BybitResult.Err<?> err && err.error() instanceof BybitError.Rejected r
                && r.orderAlreadyGone();
    }

    /** Why Bybit refused, in the core's words. */
    public static RejectReason reason(BybitError error) {
        if (error instanceof BybitError.Rejected r) {
            if (r.duplicateOrderLinkId()) {
                return RejectReason.DUPLICATE;
            }
            if (r.retCode() == REDUCE_ONLY_NOT_SATISFIED) {
                return RejectReason.REDUCE_ONLY_NOT_SATISFIED;
            }
            if (r.retCode() == 10001 && protectionAgainstBasePrice(r.retMsg())) {
                return RejectReason.PROTECTION_REJECTED;
            }
            if (INSUFFICIENT.contains(r.retCode())) {
                return RejectReason.INSUFFICIENT_BALANCE;
            }
            if (INVALID.contains(r.retCode())) {
                return RejectReason.INVALID_ORDER;
            }
            return RejectReason.OTHER;
        }
        return switch (error.handling()) {
            case FATAL, IP_BANNED -> RejectReason.NOT_PERMITTED;
            case RESYNC_CLOCK, WAIT_FOR_RESET, BACK_OFF -> RejectReason.UNAVAILABLE;
            default -> error instanceof BybitError.InvalidRequest ? RejectReason.INVALID_ORDER : RejectReason.OTHER;
        };
    }

    /**
     * Bybit's 10001 for a TP/SL on the wrong side of the price it checks a create against, e.g.
     * {@code "StopLoss:29500 set for Buy position should be lower than base_price:29400"}.
     */
    static boolean protectionAgainstBasePrice(String retMsg) {
        return retMsg != null && retMsg.contains("base_price")
                && (retMsg.contains("TakeProfit") || retMsg.contains("StopLoss"));
    }

    /**
     * Why the stream says an order ended: its {@code rejectReason} ({@code EC_...}), null when there is none
     * ("" or {@code EC_NoError}). {@code EC_ReduceOnly...} is the stream's form of 110017.
     */
    public static RejectReason orderEndReason(String rejectReason) {
        if (rejectReason == null || rejectReason.isEmpty() || "EC_NoError".equals(rejectReason)) {
            return null;
        }
        if (rejectReason.contains("PostOnlyWillTakeLiquidity")) {
            return RejectReason.POST_ONLY_WOULD_TAKE;
        }
        if (rejectReason.contains("ReduceOnly")) {
            return RejectReason.REDUCE_ONLY_NOT_SATISFIED;
        }
        if (rejectReason.contains("Balance") || rejectReason.contains("Margin")) {
            return RejectReason.INSUFFICIENT_BALANCE;
        }
        return RejectReason.OTHER;
    }
}
