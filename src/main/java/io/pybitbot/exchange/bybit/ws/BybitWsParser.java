package io.pybitbot.exchange.bybit.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitParseException;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies Bybit V5 WebSocket text frames. Total: every input gives a {@link BybitWsFrame}; bad
 * input gives {@link BybitWsFrame.Malformed} so one broken frame never kills a stream.
 */
public final class BybitWsParser {

    private BybitWsParser() {}

    public static BybitWsFrame parse(String text) {
        try {
            return parseOrThrow(text);
        } catch (BybitParseException e) {
            return new BybitWsFrame.Malformed(e.getMessage(), e.excerpt());
        } catch (RuntimeException e) {
            // Defensive: domain validation (e.g. an inconsistent candle) must not escape into the stream.
            return new BybitWsFrame.Malformed(e.getClass().getSimpleName() + ": " + e.getMessage(),
                    BybitParseException.excerpt(text));
        }
    }

    private static BybitWsFrame parseOrThrow(String text) throws BybitParseException {
        JsonNode root = BybitJson.tree(text);
        String op = root.path("op").asText("");
        String retMsg = root.path("ret_msg").asText("");
        if ("pong".equals(op) || ("ping".equals(op) && "pong".equals(retMsg))) {
            return new BybitWsFrame.Pong(root.path("req_id").asText(""), pongTime(root));
        }
        if (!op.isEmpty() && root.has("success")) {
            return new BybitWsFrame.OpResult(op, root.path("success").asBoolean(false), retMsg,
                    root.path("req_id").asText(""), root.path("conn_id").asText(""));
        }
        String topic = root.path("topic").asText("");
        if (topic.isEmpty()) {
            return new BybitWsFrame.Unhandled(op.isEmpty() ? "<no topic or op>" : op);
        }
        JsonNode data = root.get("data");
        if (topic.startsWith("kline.")) {
            return kline(topic, root, data, text);
        }
        long creation = root.path("creationTime").asLong(0L);
        String family = topic.contains(".") ? topic.substring(0, topic.indexOf('.')) : topic;
        switch (family) {
            case "order": return new BybitWsFrame.Orders(topic, creation, list(data, OrderInfo.class, topic, text));
            case "execution": return new BybitWsFrame.Executions(topic, creation, list(data, ExecutionInfo.class, topic, text));
            case "position": return new BybitWsFrame.Positions(topic, creation, list(data, PositionInfo.class, topic, text));
            case "wallet": return new BybitWsFrame.Wallets(topic, creation, list(data, WalletAccount.class, topic, text));
            default: return new BybitWsFrame.Unhandled(topic);
        }
    }

    private static Long pongTime(JsonNode root) {
        JsonNode args = root.get("args");
        if (args != null && args.isArray() && args.size() > 0) {
            String s = args.get(0).asText("");
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static BybitWsFrame kline(String topic, JsonNode root, JsonNode data, String text) throws BybitParseException {
        String[] parts = topic.split("\\.");
        if (parts.length != 3) {
            throw new BybitParseException("kline topic '" + topic + "' is not kline.{interval}.{symbol}", text, null);
        }
        Interval interval = Interval.fromCode(parts[1]).orElseThrow(() ->
                new BybitParseException("kline topic '" + topic + "' has unknown interval " + parts[1], text, null));
        List<BybitWsFrame.KlineBar> bars = list(data, BybitWsFrame.KlineBar.class, topic, text);
        List<Candle> candles = new ArrayList<>(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            BybitWsFrame.KlineBar b = bars.get(i);
            if (b.open() == null || b.high() == null || b.low() == null || b.close() == null
                    || b.volume() == null || b.turnover() == null) {
                throw new BybitParseException("kline " + topic + " bar " + i + " misses a price or volume field", text, null);
            }
            try {
                candles.add(b.toCandle());
            } catch (IllegalArgumentException e) {
                throw new BybitParseException("kline " + topic + " bar " + i + ": " + e.getMessage(), text, e);
            }
        }
        return new BybitWsFrame.Kline(topic, parts[2], interval, root.path("ts").asLong(0L), bars, List.copyOf(candles));
    }

    private static <T> List<T> list(JsonNode data, Class<T> type, String topic, String text) throws BybitParseException {
        if (data == null || !data.isArray()) {
            throw new BybitParseException("topic " + topic + " has no data array", text, null);
        }
        List<T> out = new ArrayList<>(data.size());
        for (JsonNode n : (ArrayNode) data) {
            out.add(BybitJson.convert(n, type, text));
        }
        return List.copyOf(out);
    }
}
