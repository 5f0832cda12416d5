package io.pybitbot.account;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the private stream (or a REST reconciliation, or paper mode) says happened on the account.
 * Our own records, not the Bybit DTOs, so they can cross nodes and outlive an adapter change. Money is
 * {@code BigDecimal} as the exchange sent it; a price the exchange did not send is {@link BigDecimal#ZERO}
 * (Bybit's own "none"), never null, unless noted.
 *
 * <p>Fields typed as this interface (e.g. {@code RiskActor.Account.event}) carry a {@code type} name on the
 * wire so the receiving node knows which record to build.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AccountEvent.OrderUpdate.class, name = "order"),
        @JsonSubTypes.Type(value = AccountEvent.Execution.class, name = "execution"),
        @JsonSubTypes.Type(value = AccountEvent.PositionUpdate.class, name = "position"),
        @JsonSubTypes.Type(value = AccountEvent.WalletUpdate.class, name = "wallet"),
        @JsonSubTypes.Type(value = AccountEvent.Snapshot.class, name = "snapshot")})
public sealed interface AccountEvent extends CborSerializable
        permits AccountEvent.OrderUpdate, AccountEvent.Execution, AccountEvent.PositionUpdate, AccountEvent.WalletUpdate,
        AccountEvent.Snapshot {

    /** Event time in epoch ms (exchange time when the exchange gave one). */
    long timeMs();

    /**
     * An order changed state ({@code New}, {@code PartiallyFilled}, {@code Filled}, {@code Cancelled},
     * {@code Rejected}, ...).
     *
     * @param orderLinkId "" for orders placed without one (by hand, or by Bybit's TP/SL)
     * @param rejectReason Bybit's {@code rejectReason}, "" or {@code EC_NoError} when none
     */
    record OrderUpdate(String symbol, String orderId, String orderLinkId, Side side, String orderStatus,
                       BigDecimal qty, BigDecimal cumExecQty, BigDecimal avgPrice, boolean reduceOnly,
                       String stopOrderType, String rejectReason, long timeMs) implements AccountEvent {
        public OrderUpdate {
            Objects.requireNonNull(symbol, "symbol");
            orderId = orderId == null ? "" : orderId;
            orderLinkId = orderLinkId == null ? "" : orderLinkId;
            orderStatus = orderStatus == null ? "" : orderStatus;
            qty = zeroIfNull(qty);
            cumExecQty = zeroIfNull(cumExecQty);
            avgPrice = zeroIfNull(avgPrice);
            stopOrderType = stopOrderType == null ? "" : stopOrderType;
            rejectReason = rejectReason == null ? "" : rejectReason;
        }

        /** No further fills can come. */
        public boolean terminal() {
            return isTerminal(orderStatus);
        }

        /** Whether an order in {@code status} (Bybit's words) is over: filled, cancelled, rejected or deactivated. */
        public static boolean isTerminal(String status) {
            return status != null && switch (status) {
                case "Filled", "Cancelled", "Rejected", "Deactivated", "PartiallyFilledCanceled" -> true;
                default -> false;
            };
        }
    }

    /**
     * One fill.
     *
     * @param closedSize part of {@code qty} that reduced a position (0 for an opening fill)
     * @param execPnl    realized PnL of the closed part before fees (0 when none or not sent)
     */
    record Execution(String symbol, String execId, String orderId, String orderLinkId, Side side, BigDecimal price,
                     BigDecimal qty, BigDecimal fee, BigDecimal closedSize, BigDecimal execPnl, long timeMs)
            implements AccountEvent {
        public Execution {
            Objects.requireNonNull(symbol, "symbol");
            execId = execId == null ? "" : execId;
            orderId = orderId == null ? "" : orderId;
            orderLinkId = orderLinkId == null ? "" : orderLinkId;
            price = zeroIfNull(price);
            qty = zeroIfNull(qty);
            fee = zeroIfNull(fee);
            closedSize = zeroIfNull(closedSize);
            execPnl = zeroIfNull(execPnl);
        }
    }

    /**
     * A one-way position now. {@code size} 0 means flat (then {@code side} is null).
     *
     * @param stopLoss     exchange-side stop-loss, 0 = none
     * @param takeProfit   exchange-side take-profit, 0 = none
     * @param trailingStop exchange-side trailing distance, 0 = none
     */
    record PositionUpdate(String symbol, Side side, BigDecimal size, BigDecimal entryPrice, BigDecimal markPrice,
                          BigDecimal stopLoss, BigDecimal takeProfit, BigDecimal trailingStop,
                          BigDecimal unrealisedPnl, BigDecimal curRealisedPnl, long timeMs) implements AccountEvent {
        public PositionUpdate {
            Objects.requireNonNull(symbol, "symbol");
            size = zeroIfNull(size).abs();
            entryPrice = zeroIfNull(entryPrice);
            markPrice = zeroIfNull(markPrice);
            stopLoss = zeroIfNull(stopLoss);
            takeProfit = zeroIfNull(takeProfit);
            trailingStop = zeroIfNull(trailingStop);
            unrealisedPnl = zeroIfNull(unrealisedPnl);
            curRealisedPnl = zeroIfNull(curRealisedPnl);
            if (size.signum() == 0) {
                side = null;
            } else if (side == null) {
                throw new IllegalArgumentException("position update of " + symbol + " has size " + size.toPlainString()
                        + " but no side");
            }
        }

        public static PositionUpdate flat(String symbol, long timeMs) {
            return new PositionUpdate(symbol, null, BigDecimal.ZERO, null, null, null, null, null, null, null, timeMs);
        }

        public boolean open() {
            return size.signum() != 0;
        }

        /** |size * mark|, or |size * entry| when no mark was sent. */
        public BigDecimal notional() {
            BigDecimal price = markPrice.signum() > 0 ? markPrice : entryPrice;
            return size.multiply(price).abs();
        }

        /** The exchange holds a stop for it: a stop-loss or a trailing stop. */
        public boolean hasStop() {
            return stopLoss.signum() > 0 || trailingStop.signum() > 0;
        }
    }

    /**
     * The unified account's totals in USD.
     *
     * @param totalEquity        balance plus unrealized PnL
     * @param totalWalletBalance balance without unrealized PnL
     */
    record WalletUpdate(BigDecimal totalEquity, BigDecimal totalWalletBalance, BigDecimal totalPerpUpl, long timeMs)
            implements AccountEvent {
        public WalletUpdate {
            Objects.requireNonNull(totalEquity, "totalEquity");
            totalWalletBalance = zeroIfNull(totalWalletBalance);
            totalPerpUpl = zeroIfNull(totalPerpUpl);
        }
    }

    /**
     * The whole account as the {@link AccountFeed} knows it: every open position, the latest wallet figures and the
     * orders it last saw open. A subscriber gets one when it subscribes and one after every REST reconciliation of
     * the feed; events after it are in order with it. A position not listed is flat.
     *
     * @param kind    why it was sent
     * @param wallet  null until the feed has seen a wallet figure
     * @param failure why the reconciliation failed ({@link Kind#RECONCILE_FAILED}), else ""
     */
    record Snapshot(Kind kind, java.util.List<PositionUpdate> positions, WalletUpdate wallet,
                    java.util.List<OrderUpdate> openOrders, String failure, long timeMs) implements AccountEvent {

        public enum Kind {
            /** The feed's view when the subscriber joined (not necessarily confirmed by the exchange yet). */
            SUBSCRIBED,
            /** Positions just read from the exchange (merged with newer stream news). */
            RECONCILED,
            /** The exchange could not be read; the positions are the feed's view, unconfirmed. */
            RECONCILE_FAILED
        }

        public Snapshot {
            Objects.requireNonNull(kind, "kind");
            positions = java.util.List.copyOf(Objects.requireNonNullElse(positions, java.util.List.of()));
            openOrders = java.util.List.copyOf(Objects.requireNonNullElse(openOrders, java.util.List.of()));
            failure = failure == null ? "" : failure;
        }

        /** The listed position of {@code symbol}, if open. */
        public java.util.Optional<PositionUpdate> position(String symbol) {
            return positions.stream().filter(p -> p.symbol().equals(symbol)).findFirst();
        }
    }

    private static BigDecimal zeroIfNull(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }
}
