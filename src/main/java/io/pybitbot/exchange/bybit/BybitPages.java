package io.pybitbot.exchange.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.BybitValidation;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentsPage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.KlinePage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.ServerTime;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.MarketDtos.TickersPage;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.BatchItem;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads the {@code result} of successful REST answers into pages, row by row: the page fields as
 * usual, then each row of {@code list} on its own, validated by {@link BybitValidation}. A row that is
 * unreadable or invalid is dropped and counted in {@link RejectedRows}; it never costs the rest of the
 * answer. Only an answer without a result object fails (as {@link BybitParseException}). Pure.
 */
public final class BybitPages {

    private BybitPages() {}

    /**
     * A batch create's answer: {@code result.list} and {@code retExtInfo.list}, parallel, one entry per order sent.
     * Strict, unlike the pages: an answer whose lists do not line up with the orders sent (length, or an item naming
     * another orderLinkId) cannot tell which order an outcome belongs to, and fails as a whole.
     */
    public static List<BatchItem> batchItems(BybitJson.Envelope env, String body, List<String> orderLinkIds)
            throws BybitParseException {
        JsonNode ids = env.result() == null ? null : env.result().get("list");
        JsonNode codes = env.retExtInfo() == null ? null : env.retExtInfo().get("list");
        if (ids == null || !ids.isArray() || codes == null || !codes.isArray() || ids.size() != orderLinkIds.size()
                || codes.size() != orderLinkIds.size()) {
            throw new BybitParseException("batch answer does not list one outcome per order sent ("
                    + orderLinkIds.size() + ")", body, null);
        }
        List<BatchItem> items = new ArrayList<>(orderLinkIds.size());
        for (int i = 0; i < orderLinkIds.size(); i++) {
            JsonNode code = codes.get(i).get("code");
            String linkId = ids.get(i).path("orderLinkId").asText("");
            if (code == null || !code.canConvertToInt() || !linkId.isEmpty() && !linkId.equals(orderLinkIds.get(i))) {
                throw new BybitParseException("batch answer item " + i + " is unreadable or names another order ("
                        + linkId + " for " + orderLinkIds.get(i) + ")", body, null);
            }
            items.add(new BatchItem(code.asInt(), codes.get(i).path("msg").asText(""),
                    ids.get(i).path("orderId").asText(""), orderLinkIds.get(i)));
        }
        return items;
    }

    public static PositionsPage positions(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, PositionsPage.class, PositionInfo.class, "position", BybitValidation::position,
                (p, rows) -> new PositionsPage(p.category(), p.nextPageCursor(), rows), rejected);
    }

    public static OrdersPage orders(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, OrdersPage.class, OrderInfo.class, "order", BybitValidation::order,
                (p, rows) -> new OrdersPage(p.category(), p.nextPageCursor(), rows), rejected);
    }

    public static ExecutionsPage executions(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, ExecutionsPage.class, ExecutionInfo.class, "execution", BybitValidation::execution,
                (p, rows) -> new ExecutionsPage(p.category(), p.nextPageCursor(), rows), rejected);
    }

    public static WalletBalance wallet(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, WalletBalance.class, WalletAccount.class, "wallet", BybitValidation::wallet,
                (p, rows) -> new WalletBalance(rows), rejected);
    }

    public static InstrumentsPage instruments(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, InstrumentsPage.class, InstrumentInfo.class, "instrument", BybitValidation::instrument,
                (p, rows) -> new InstrumentsPage(p.category(), p.nextPageCursor(), rows), rejected);
    }

    public static TickersPage tickers(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        return page(env, body, TickersPage.class, Ticker.class, "ticker", BybitValidation::ticker,
                (p, rows) -> new TickersPage(p.category(), rows), rejected);
    }

    /**
     * Kline rows as strings, one by one: a row that is not an array of 7 scalar values is dropped and
     * counted. Their numbers are checked when they become candles ({@link KlinePage#checkedCandles}).
     */
    public static KlinePage klines(BybitJson.Envelope env, String body, RejectedRows rejected) throws BybitParseException {
        JsonNode result = resultObject(env, body, "KlinePage");
        String symbol = result.path("symbol").asText("");
        List<List<String>> rows = new ArrayList<>();
        JsonNode list = result.get("list");
        if (list != null && list.isArray()) {
            int i = 0;
            for (JsonNode row : list) {
                List<String> fields = new ArrayList<>(7);
                if (row.isArray()) {
                    row.forEach(f -> fields.add(f.isValueNode() && !f.isNull() ? f.asText() : null));
                }
                if (fields.size() < 7 || fields.contains(null)) {
                    rejected.reject("kline", symbol, "kline row " + i + " of " + symbol + " is not an array of 7 values");
                } else {
                    rows.add(fields);
                }
                i++;
            }
        }
        return new KlinePage(result.path("category").asText(""), symbol, rows);
    }

    /**
     * Funding settlements of {@code /v5/market/funding/history}, as listed (newest first); a row without a numeric
     * time, or with a rate that is not a fraction below 1 in size, is dropped and counted.
     */
    public static java.util.List<io.pybitbot.domain.FundingSettlement> fundingHistory(BybitJson.Envelope env,
            String body, RejectedRows rejected) throws BybitParseException {
        JsonNode result = resultObject(env, body, "FundingHistory");
        java.util.List<io.pybitbot.domain.FundingSettlement> out = new ArrayList<>();
        JsonNode list = result.get("list");
        if (list != null && list.isArray()) {
            int i = 0;
            for (JsonNode row : list) {
                String symbol = row.path("symbol").asText("");
                try {
                    long t = Long.parseLong(row.path("fundingRateTimestamp").asText(""));
                    java.math.BigDecimal rate = new java.math.BigDecimal(row.path("fundingRate").asText(""));
                    if (t <= 0 || rate.abs().compareTo(java.math.BigDecimal.ONE) >= 0) {
                        throw new NumberFormatException("out of range");
                    }
                    out.add(new io.pybitbot.domain.FundingSettlement(t, rate));
                } catch (NumberFormatException e) {
                    rejected.reject("funding", symbol, "funding row " + i + " of " + symbol + " has no usable"
                            + " fundingRateTimestamp/fundingRate: " + row);
                }
                i++;
            }
        }
        return out;
    }

    /** Server time from the result (or the envelope's {@code time} if a mirror omits it), plausible or failing. */
    public static ServerTime serverTime(BybitJson.Envelope env, String body, RejectedRows rejected)
            throws BybitParseException {
        ServerTime t = BybitJson.result(env, ServerTime.class, body);
        if (t.timeNano() == null && t.timeSecond() == null) {
            t = new ServerTime(null, Long.toString(env.time() * 1_000_000L));
        }
        long ms;
        try {
            ms = t.epochMillis();
        } catch (NumberFormatException | ArithmeticException e) {
            rejected.reject("server-time", null, "server time is not a 64-bit number");
            throw new BybitParseException("server time is not a number", body, e);
        }
        Optional<String> problem = BybitValidation.serverTime(ms);
        if (problem.isPresent()) {
            rejected.reject("server-time", null, problem.get());
            throw new BybitParseException(problem.get(), body, null);
        }
        return t;
    }

    private static <P, R> P page(BybitJson.Envelope env, String body, Class<P> pageType, Class<R> rowType, String kind,
                                 Function<R, Optional<String>> check, BiFunction<P, List<R>, P> withRows,
                                 RejectedRows rejected) throws BybitParseException {
        JsonNode result = resultObject(env, body, pageType.getSimpleName());
        ObjectNode head = BybitJson.mapper().createObjectNode();
        result.fields().forEachRemaining(f -> {
            if (!"list".equals(f.getKey())) {
                head.set(f.getKey(), f.getValue());
            }
        });
        P page = BybitJson.convert(head, pageType, body);
        return withRows.apply(page, BybitJson.rows(result.get("list"), rowType, kind, check, rejected));
    }

    private static JsonNode resultObject(BybitJson.Envelope env, String body, String what) throws BybitParseException {
        JsonNode result = env.result();
        if (result == null || !result.isObject()) {
            throw new BybitParseException("Bybit reply has no result object for " + what, body, null);
        }
        return result;
    }
}
