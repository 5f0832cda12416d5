package io.pybitbot.account;

import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Bybit DTOs (private stream frames and REST rows) to {@link AccountEvent}s. Pure; the only place that
 * knows both shapes, so nothing else outside the adapter imports the DTOs. Rows of other categories
 * (spot, option) and rows without a symbol are skipped: the bot trades linear perpetuals only.
 */
public final class AccountEvents {

    private AccountEvents() {}

    /** The events in a private-stream frame; empty for frames that carry none (acks, pongs, klines). */
    public static List<AccountEvent> fromFrame(BybitWsFrame frame) {
        List<AccountEvent> out = new ArrayList<>();
        if (frame instanceof BybitWsFrame.Orders o) {
            o.orders().forEach(i -> addIfLinear(out, i.category(), i.symbol() == null ? null : order(i, o.creationTime())));
        } else if (frame instanceof BybitWsFrame.Executions e) {
            e.executions().forEach(i -> addIfLinear(out, i.category(), i.symbol() == null || !isFill(i) ? null
                    : execution(i, e.creationTime())));
        } else if (frame instanceof BybitWsFrame.Positions p) {
            p.positions().forEach(i -> addIfLinear(out, i.category(), i.symbol() == null ? null : position(i, p.creationTime())));
        } else if (frame instanceof BybitWsFrame.Wallets w) {
            for (WalletAccount a : w.accounts()) {
                if (a.totalEquity() != null) {
                    out.add(wallet(a, w.creationTime()));
                }
            }
        }
        return out;
    }

    private static void addIfLinear(List<AccountEvent> out, String category, AccountEvent event) {
        if (event != null && (category == null || category.isEmpty() || "linear".equals(category))) {
            out.add(event);
        }
    }

    public static AccountEvent.OrderUpdate order(OrderInfo i, long fallbackTimeMs) {
        return new AccountEvent.OrderUpdate(i.symbol(), i.orderId(), i.orderLinkId(), side(i.side()), i.orderStatus(),
                i.qty(), i.cumExecQty(), i.avgPrice(), Boolean.TRUE.equals(i.reduceOnly()), i.stopOrderType(),
                i.rejectReason(), i.updatedTime() != null ? i.updatedTime() : fallbackTimeMs);
    }

    /**
     * A row that moved a position: not a funding settlement ({@code execType Funding}), which Bybit lists with the
     * fills (the position's size and side, its value's fee) but which trades nothing.
     */
    public static boolean isFill(ExecutionInfo i) {
        return !"Funding".equals(i.execType());
    }

    public static AccountEvent.Execution execution(ExecutionInfo i, long fallbackTimeMs) {
        return new AccountEvent.Execution(i.symbol(), i.execId(), i.orderId(), i.orderLinkId(), side(i.side()),
                i.execPrice(), i.execQty(), i.execFee(), i.closedSize(), i.execPnl(),
                i.execTime() != null ? i.execTime() : fallbackTimeMs);
    }

    public static AccountEvent.PositionUpdate position(PositionInfo i, long fallbackTimeMs) {
        long time = i.updatedTime() != null && i.updatedTime() > 0 ? i.updatedTime() : fallbackTimeMs;
        if (i.isFlat()) {
            return AccountEvent.PositionUpdate.flat(i.symbol(), time);
        }
        return new AccountEvent.PositionUpdate(i.symbol(), side(i.side()), i.size(), i.entry(), i.markPrice(),
                i.stopLoss(), i.takeProfit(), i.trailingStop(), i.unrealisedPnl(), i.curRealisedPnl(), time);
    }

    public static AccountEvent.WalletUpdate wallet(WalletAccount a, long timeMs) {
        return new AccountEvent.WalletUpdate(a.totalEquity(), a.totalWalletBalance(), a.totalPerpUPL(), timeMs);
    }

    /** "Buy"/"Sell" to a side; "" or "None" (a flat position) to null. */
    static Side side(String wire) {
        return wire == null || wire.isEmpty() || "None".equals(wire) ? null : Side.fromWire(wire);
    }
}
