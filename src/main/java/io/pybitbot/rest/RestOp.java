package io.pybitbot.rest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.exchange.bybit.BybitRateLimits.Endpoint;
import io.pybitbot.exchange.bybit.BybitRestApi;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.CancelAllResult;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * One REST operation the {@link RestClient} can run, with its scheduling priority and the rate-limit
 * bucket it spends. Each op knows how to call {@link BybitRestApi}; the client decides when. Ops are plain
 * records that cross nodes inside {@link RestClient.Submit} (named by their simple name in CBOR).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RestOp.PlaceOrder.class, name = "PlaceOrder"),
        @JsonSubTypes.Type(value = RestOp.CancelOrder.class, name = "CancelOrder"),
        @JsonSubTypes.Type(value = RestOp.CancelAll.class, name = "CancelAll"),
        @JsonSubTypes.Type(value = RestOp.SetTradingStop.class, name = "SetTradingStop"),
        @JsonSubTypes.Type(value = RestOp.SetLeverage.class, name = "SetLeverage"),
        @JsonSubTypes.Type(value = RestOp.PresetLeverage.class, name = "PresetLeverage"),
        @JsonSubTypes.Type(value = RestOp.GetPositions.class, name = "GetPositions"),
        @JsonSubTypes.Type(value = RestOp.GetOpenOrders.class, name = "GetOpenOrders"),
        @JsonSubTypes.Type(value = RestOp.FindOrder.class, name = "FindOrder"),
        @JsonSubTypes.Type(value = RestOp.GetWallet.class, name = "GetWallet"),
        @JsonSubTypes.Type(value = RestOp.GetExecutions.class, name = "GetExecutions"),
        @JsonSubTypes.Type(value = RestOp.GetKlines.class, name = "GetKlines")})
public sealed interface RestOp<T> {

    @JsonIgnore
    RestClient.Priority priority();

    @JsonIgnore
    Endpoint endpoint();

    CompletionStage<BybitResult<T>> run(BybitRestApi api);

    /** Places an order; a reduce-only order is a close and jumps ahead of new entries. */
    record PlaceOrder(OrderRequest request) implements RestOp<OrderIds> {
        public PlaceOrder { Objects.requireNonNull(request, "request"); }
        public RestClient.Priority priority() {
            return request.reduceOnly() ? RestClient.Priority.PROTECT : RestClient.Priority.ENTRY;
        }
        public Endpoint endpoint() { return Endpoint.ORDER_CREATE; }
        public CompletionStage<BybitResult<OrderIds>> run(BybitRestApi api) { return api.placeOrder(request); }
    }

    record CancelOrder(String symbol, String orderLinkId) implements RestOp<OrderIds> {
        public RestClient.Priority priority() { return RestClient.Priority.CANCEL; }
        public Endpoint endpoint() { return Endpoint.ORDER_CANCEL; }
        public CompletionStage<BybitResult<OrderIds>> run(BybitRestApi api) { return api.cancelOrder(symbol, orderLinkId); }
    }

    record CancelAll(String symbol) implements RestOp<CancelAllResult> {
        public RestClient.Priority priority() { return RestClient.Priority.CANCEL; }
        public Endpoint endpoint() { return Endpoint.ORDER_CANCEL_ALL; }
        public CompletionStage<BybitResult<CancelAllResult>> run(BybitRestApi api) { return api.cancelAll(symbol); }
    }

    record SetTradingStop(TradingStopRequest request) implements RestOp<Void> {
        public RestClient.Priority priority() { return RestClient.Priority.PROTECT; }
        public Endpoint endpoint() { return Endpoint.TRADING_STOP; }
        public CompletionStage<BybitResult<Void>> run(BybitRestApi api) { return api.tradingStop(request); }
    }

    record SetLeverage(String symbol, BigDecimal leverage) implements RestOp<Void> {
        public RestClient.Priority priority() { return RestClient.Priority.ENTRY; }
        public Endpoint endpoint() { return Endpoint.SET_LEVERAGE; }
        public CompletionStage<BybitResult<Void>> run(BybitRestApi api) { return api.setLeverage(symbol, leverage); }
    }

    /** Sets a symbol's leverage ahead of its first entry: background work, after everything else. */
    record PresetLeverage(String symbol, BigDecimal leverage) implements RestOp<Void> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.SET_LEVERAGE; }
        public CompletionStage<BybitResult<Void>> run(BybitRestApi api) { return api.setLeverage(symbol, leverage); }
    }

    record GetPositions(Optional<String> symbol) implements RestOp<PositionsPage> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.POSITION_LIST; }
        public CompletionStage<BybitResult<PositionsPage>> run(BybitRestApi api) { return api.positions(symbol, Optional.empty()); }
    }

    /** One page of the open orders; {@code cursor} empty for the first. */
    record GetOpenOrders(Optional<String> symbol, Optional<String> cursor) implements RestOp<OrdersPage> {
        public GetOpenOrders(Optional<String> symbol) {
            this(symbol, Optional.empty());
        }

        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.ORDER_REALTIME; }
        public CompletionStage<BybitResult<OrdersPage>> run(BybitRestApi api) { return api.openOrders(symbol, cursor); }
    }

    record FindOrder(String symbol, String orderLinkId) implements RestOp<Optional<OrderInfo>> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.ORDER_REALTIME; }
        public CompletionStage<BybitResult<Optional<OrderInfo>>> run(BybitRestApi api) { return api.findOrder(symbol, orderLinkId); }
    }

    record GetWallet(Optional<String> coin) implements RestOp<WalletBalance> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.WALLET_BALANCE; }
        public CompletionStage<BybitResult<WalletBalance>> run(BybitRestApi api) { return api.walletBalance(coin); }
    }

    /** One page (up to 100, newest first) of the fills since {@code startTimeMs}; {@code cursor} empty for the first. */
    record GetExecutions(Optional<String> symbol, OptionalLong startTimeMs, Optional<String> cursor)
            implements RestOp<ExecutionsPage> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.EXECUTION_LIST; }
        public CompletionStage<BybitResult<ExecutionsPage>> run(BybitRestApi api) {
            return api.executions(symbol, startTimeMs, cursor, 100);
        }
    }

    /** Public klines, oldest first (only the IP limit applies). */
    record GetKlines(String symbol, Interval interval, OptionalLong startMs, OptionalLong endMs, int limit)
            implements RestOp<List<Candle>> {
        public RestClient.Priority priority() { return RestClient.Priority.READ; }
        public Endpoint endpoint() { return Endpoint.PUBLIC; }
        public CompletionStage<BybitResult<List<Candle>>> run(BybitRestApi api) {
            return api.klines(symbol, interval, startMs, endMs, limit);
        }
    }
}
