package io.pybitbot.exchange.bybit.dto;

import java.math.BigDecimal;
import java.util.List;

/** {@code /v5/position/list} rows and the WS {@code position} topic. */
public final class PositionDtos {

    private PositionDtos() {}

    /**
     * A position. REST calls the entry price {@code avgPrice}, the WebSocket {@code entryPrice}; both are
     * kept and {@link #entry()} returns whichever is present. {@code side} is "" when flat.
     */
    public record PositionInfo(String category, String symbol, Integer positionIdx, String side, BigDecimal size,
                               BigDecimal avgPrice, BigDecimal entryPrice, BigDecimal markPrice, BigDecimal leverage,
                               BigDecimal positionValue, BigDecimal liqPrice, BigDecimal takeProfit,
                               BigDecimal stopLoss, BigDecimal trailingStop, BigDecimal unrealisedPnl,
                               BigDecimal curRealisedPnl, BigDecimal cumRealisedPnl, String positionStatus,
                               Long seq, Long createdTime, Long updatedTime) {

        public BigDecimal entry() {
            return avgPrice != null ? avgPrice : entryPrice;
        }

        public boolean isFlat() {
            return size == null || size.signum() == 0;
        }
    }

    public record PositionsPage(String category, String nextPageCursor, List<PositionInfo> list) {
        public List<PositionInfo> list() {
            return list == null ? List.of() : list;
        }
    }
}
