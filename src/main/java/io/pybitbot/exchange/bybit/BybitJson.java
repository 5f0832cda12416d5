package io.pybitbot.exchange.bybit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON for the Bybit adapter: one configured mapper, the V5 envelope, and typed result extraction.
 * Bybit sends numbers as strings and "" for "unset"; the mapper reads the former into BigDecimal/Long
 * and the latter as null. Unknown fields are ignored because Bybit adds fields without notice.
 */
public final class BybitJson {

    private static final ObjectMapper MAPPER = build();

    private BybitJson() {}

    private static ObjectMapper build() {
        ObjectMapper m = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        m.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        return m;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The V5 response envelope; {@code result} stays a tree until the caller names its type. */
    public record Envelope(int retCode, String retMsg, JsonNode result, JsonNode retExtInfo, long time) {
        public boolean ok() {
            return retCode == 0;
        }
    }

    /** Reads the envelope, failing if the body is not JSON or lacks {@code retCode}. */
    public static Envelope envelope(String body) throws BybitParseException {
        JsonNode root = tree(body);
        JsonNode code = root.get("retCode");
        if (code == null || !code.canConvertToInt()) {
            throw new BybitParseException("Bybit reply has no numeric retCode", body, null);
        }
        JsonNode time = root.get("time");
        return new Envelope(code.asInt(), root.path("retMsg").asText(""), root.get("result"),
                root.get("retExtInfo"), time == null ? 0L : time.asLong());
    }

    /** Maps the envelope's {@code result} to a DTO type. */
    public static <T> T result(Envelope env, Class<T> type, String bodyForErrors) throws BybitParseException {
        if (env.result() == null || env.result().isNull()) {
            throw new BybitParseException("Bybit reply has no result for " + type.getSimpleName(), bodyForErrors, null);
        }
        try {
            return MAPPER.treeToValue(env.result(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BybitParseException("cannot read " + type.getSimpleName() + ": " + firstLine(e.getMessage()),
                    bodyForErrors, e);
        }
    }

    /** Convenience: envelope plus typed result of a successful reply. */
    public static <T> T parseResult(String body, Class<T> type) throws BybitParseException {
        return result(envelope(body), type, body);
    }

    public static JsonNode tree(String text) throws BybitParseException {
        if (text == null || text.isBlank()) {
            throw new BybitParseException("empty payload", text, null);
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                throw new BybitParseException("payload is not a JSON object", text, null);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BybitParseException("invalid JSON: " + firstLine(e.getOriginalMessage()), text, e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type, String textForErrors) throws BybitParseException {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BybitParseException("cannot read " + type.getSimpleName() + ": " + firstLine(e.getMessage()),
                    textForErrors, e);
        }
    }

    /**
     * The rows of a JSON array that can be read as {@code type} and pass {@code check}; every other row
     * is dropped and reported to {@code rejected} under {@code kind}, so one bad row never costs the
     * rest of the answer. A missing or non-array node gives no rows.
     */
    public static <T> List<T> rows(JsonNode array, Class<T> type, String kind, Function<T, Optional<String>> check,
                                   RejectedRows rejected) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<T> out = new ArrayList<>(array.size());
        int index = 0;
        for (JsonNode n : array) {
            String symbol = n.path("symbol").isTextual() ? n.path("symbol").asText() : null;
            try {
                T row = n.isObject() ? MAPPER.treeToValue(n, type) : null;
                if (row == null) {
                    rejected.reject(kind, symbol, "row " + index + " is not an object");
                } else {
                    Optional<String> problem = check.apply(row);
                    if (problem.isPresent()) {
                        rejected.reject(kind, symbol, "row " + index + ": " + problem.get());
                    } else {
                        out.add(row);
                    }
                }
            } catch (JsonProcessingException | RuntimeException e) {
                rejected.reject(kind, symbol, "row " + index + " is unreadable: " + brief(e.getMessage()));
            }
            index++;
        }
        return out;
    }

    /** Compact JSON for a request body: exactly these bytes are signed and sent. */
    public static String writeBody(Map<String, ?> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise request body with keys " + body.keySet(), e);
        }
    }

    private static String brief(String s) {
        String line = firstLine(s);
        return line.length() <= 160 ? line : line.substring(0, 160) + "...";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
