package io.pybitbot.exchange.bybit.ws;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import java.math.BigDecimal;
import java.util.List;

/** One text frame from a Bybit V5 WebSocket, classified. {@link BybitWsParser#parse} never throws. */
public sealed interface BybitWsFrame {

    /** Reply to subscribe / unsubscribe / auth: {@code success} false carries Bybit's {@code ret_msg}. */
    record OpResult(String op, boolean success, String retMsg, String reqId, String connId) implements BybitWsFrame {}

    /** Pong in either shape (public {@code ret_msg:"pong"}, private {@code op:"pong"} with server time). */
    record Pong(String reqId, Long serverTimeMs) implements BybitWsFrame {}

    /** One raw bar of a {@code kline.{interval}.{symbol}} push. */
    record KlineBar(long start, long end, String interval, BigDecimal open, BigDecimal high, BigDecimal low,
                    BigDecimal close, BigDecimal volume, BigDecimal turnover, boolean confirm, long timestamp) {
        public Candle toCandle() {
            return new Candle(start, open.doubleValue(), high.doubleValue(), low.doubleValue(), close.doubleValue(),
                    volume.doubleValue(), turnover.doubleValue(), confirm);
        }
    }

    /** A kline push; {@code candles} are already validated domain candles, in the order Bybit sent them. */
    record Kline(String topic, String symbol, Interval interval, long ts, List<KlineBar> bars, List<Candle> candles)
            implements BybitWsFrame {
        /** Only closed candles: the bot acts on these. */
        public List<Candle> confirmed() {
            return candles.stream().filter(Candle::confirmed).toList();
        }
    }

    record Orders(String topic, long creationTime, List<OrderInfo> orders) implements BybitWsFrame {}

    record Executions(String topic, long creationTime, List<ExecutionInfo> executions) implements BybitWsFrame {}

    record Positions(String topic, long creationTime, List<PositionInfo> positions) implements BybitWsFrame {}

    record Wallets(String topic, long creationTime, List<WalletAccount> accounts) implements BybitWsFrame {}

    /** Well-formed but of a topic or op we do not handle; counted, not fatal. */
    record Unhandled(String topicOrOp) implements BybitWsFrame {}

    /** Could not be read: reason plus a truncated excerpt for the log. */
    record Malformed(String reason, String excerpt) implements BybitWsFrame {}
}
