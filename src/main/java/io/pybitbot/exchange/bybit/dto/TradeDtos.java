package io.pybitbot.exchange.bybit.dto;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Results of {@code /v5/order/*} and {@code /v5/execution/list}, and the WS order/execution topics. */
public final class TradeDtos {

    private TradeDtos() {}

    /** Ack of create / cancel: acceptance only, not a fill. */
    public record OrderIds(String orderId, String orderLinkId) {}

    /**
     * One order of a {@code /v5/order/create-batch} answer: its own code and message ({@code retExtInfo.list}) beside
     * its ids ({@code result.list}); code 0 is placed.
     */
    public record BatchItem(int code, String msg, String orderId, String orderLinkId) {}

    public record CancelAllResult(List<OrderIds> list, String success) {
        public List<OrderIds> list() {
            return list == null ? List.of() : list;
        }
    }

    private static final Set<String> OPEN_STATUSES = Set.of("New", "PartiallyFilled", "Untriggered");

    /** An order as {@code /v5/order/realtime} and the WS {@code order} topic report it. */
    public record OrderInfo(String category, String symbol, String orderId, String orderLinkId, String side,
                            String orderType, BigDecimal price, BigDecimal qty, String timeInForce,
                            String orderStatus, BigDecimal cumExecQty, BigDecimal cumExecValue,
                            BigDecimal avgPrice, BigDecimal leavesQty, Integer positionIdx,
                            Boolean reduceOnly, Boolean closeOnTrigger, String stopOrderType,
                            BigDecimal triggerPrice, BigDecimal takeProfit, BigDecimal stopLoss, String tpslMode,
                            String createType, String cancelType, String rejectReason, BigDecimal closedPnl,
                            Map<String, BigDecimal> cumFeeDetail, Long createdTime, Long updatedTime) {

        public boolean isOpen() {
            return OPEN_STATUSES.contains(orderStatus);
        }
    }

    public record OrdersPage(String category, String nextPageCursor, List<OrderInfo> list) {
        public List<OrderInfo> list() {
            return list == null ? List.of() : list;
        }
    }

    /** One fill, from {@code /v5/execution/list} or the WS {@code execution} topic. */
    public record ExecutionInfo(String category, String symbol, String execId, String orderId, String orderLinkId,
                                String side, BigDecimal execPrice, BigDecimal execQty, BigDecimal execValue,
                                BigDecimal execFee, BigDecimal feeRate, String feeCurrency, String execType,
                                Boolean isMaker, BigDecimal closedSize, BigDecimal execPnl, BigDecimal leavesQty,
                                BigDecimal orderPrice, BigDecimal orderQty, String orderType, BigDecimal markPrice,
                                Long execTime, Long seq) {}

    public record ExecutionsPage(String category, String nextPageCursor, List<ExecutionInfo> list) {
        public List<ExecutionInfo> list() {
            return list == null ? List.of() : list;
        }
    }
}
