package io.pybitbot.sim.engine;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;

/**
 * One fill as {@code /v5/execution/list} and the WS {@code execution} topic report it.
 *
 * @param execType   Trade, BustTrade for a liquidation, or Funding for a funding settlement (its fee is what was
 *                   paid, negative when received; no position changes)
 * @param closedSize part of {@code execQty} that closed an existing position
 * @param execPnl    gross PnL of the closing part (fees not included)
 */
public record SimExecution(String execId, long seq, String execType, String symbol, String orderId, String orderLinkId, Side side,
                           BigDecimal execPrice, BigDecimal execQty, BigDecimal execValue, BigDecimal execFee,
                           BigDecimal feeRate, boolean isMaker, String orderType, String stopOrderType,
                           BigDecimal orderPrice, BigDecimal orderQty, BigDecimal leavesQty, BigDecimal closedSize,
                           BigDecimal execPnl, BigDecimal markPrice, long execTime) {
}
