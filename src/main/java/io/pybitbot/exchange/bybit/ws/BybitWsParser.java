package io.pybitbot.exchange.bybit.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitParseException;
import io.pybitbot.exchange.bybit.RejectedRows;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.BybitValidation;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Classifies Bybit V5 WebSocket text frames. Total: every input gives a {@link BybitWsFrame}; bad
 * input gives {@link BybitWsFrame.Malformed} so one broken frame never kills a stream. Within a
 * well-formed frame each row (kline bar, order, execution, position, wallet) is validated on its own
 * ({@link BybitValidation}); an invalid row is dropped and counted in {@link RejectedRows}, the others
 * are delivered.
 */
public final class BybitWsParser {

    private BybitWsParser() {}

    /** Parses with the process-wide {@link RejectedRows#shared()} counter. */
    public static BybitWsFrame parse(String text) {
        return parse(text, RejectedRows.shared());
    }

    public static BybitWsFrame parse(String text, RejectedRows rejected) {
        try {
            return parseOrThrow(text, rejected);
        } catch (BybitParseException e) {
            return new BybitWsFrame.Malformed(e.getMessage(), e.excerpt());
        } catch (RuntimeException e) {
            // Defensive: domain validation (e.g. an inconsistent candle) must not escape into the stream.
            return new BybitWsFrame.Malformed(e.getClass().getSimpleName() + ": " + e.getMessage(),
                    BybitParseException.excerpt(text));
        }
    }

    private static BybitWsFrame parseOrThrow(String text, RejectedRows rejected) throws BybitParseException {
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
            return kline(topic, root, data, text, rejected);
        }
        long creation = root.path("creationTime").asLong(0L);
        String family = topic.contains(".") ? topic.substring(0, topic.indexOf('.')) : topic;
        switch (family) {
            case "order": return new BybitWsFrame.Orders(topic, creation,
                    rows(data, OrderInfo.class, "order", BybitValidation::order, topic, text, rejected));
            case "execution": return new BybitWsFrame.Executions(topic, creation,
                    rows(data, ExecutionInfo.class, "execution", BybitValidation::execution, topic, text, rejected));
            case "position": return new BybitWsFrame.Positions(topic, creation,
                    rows(data, PositionInfo.class, "position", BybitValidation::position, topic, text, rejected));
            case "wallet": return new BybitWsFrame.Wallets(topic, creation,
                    rows(data, WalletAccount.class, "wallet", BybitValidation::wallet, topic, text, rejected));
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

    private static BybitWsFrame kline(String topic, JsonNode root, JsonNode data, String text, RejectedRows rejected)
            throws BybitParseException {
        String[] parts = topic.split("\\.");
        if (parts.length != 3) {
            throw new BybitParseException("kline topic '" + topic + "' is not kline.{interval}.{symbol}", text, null);
        }
        Interval interval = Interval.fromCode(parts[1]).orElseThrow(() ->
                new BybitParseException("kline topic '" + topic + "' has unknown interval " + parts[1], text, null));
        String symbol = parts[2];
        List<BybitWsFrame.KlineBar> read = rows(data, BybitWsFrame.KlineBar.class, "kline", b -> Optional.empty(), topic,
                text, rejected);
        List<BybitWsFrame.KlineBar> bars = new ArrayList<>(read.size());
        List<Candle> candles = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            BybitWsFrame.KlineBar b = read.get(i);
            BybitValidation.Checked<Candle> c = bar(b, interval);
            if (c.valid()) {
                bars.add(b);
                candles.add(c.value());
            } else {
                rejected.reject("kline", symbol, topic + " bar " + i + ": " + c.problem());
            }
        }
        return new BybitWsFrame.Kline(topic, symbol, interval, root.path("ts").asLong(0L), List.copyOf(bars),
                List.copyOf(candles));
    }

    /** A pushed bar as a candle; the stream has no clock of ours, so "not in the future" is left to consumers. */
    private static BybitValidation.Checked<Candle> bar(BybitWsFrame.KlineBar b, Interval interval) {
        BybitValidation.Checked<Candle> c = BybitValidation.candle(b.start(), b.open(), b.high(), b.low(), b.close(),
                b.volume(), b.turnover(), interval, b.confirm(), Long.MAX_VALUE);
        if (c.valid() && b.end() != 0 && b.end() <= b.start()) {
            return new BybitValidation.Checked<>(null, "end " + b.end() + " is not after start " + b.start());
        }
        return c;
    }

    private static <T> List<T> rows(JsonNode data, Class<T> type, String kind, Function<T, Optional<String>> check,
                                    String topic, String text, RejectedRows rejected) throws BybitParseException {
        if (data == null || !data.isArray()) {
            throw new BybitParseException("topic " + topic + " has no data array", text, null);
        }
        return List.copyOf(BybitJson.rows(data, type, kind, check, rejected));
    }
}
