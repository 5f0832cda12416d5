package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import java.math.BigDecimal;

/** A position the account reported closed whose closing fills have not all arrived yet. */
public record ClosingTrade(PositionView position, TradeTally trade, long timeMs, BigDecimal fallbackPnl)
        implements CborSerializable {

    boolean complete() {
        return trade.closedQty().compareTo(position.size()) >= 0;
    }

    ClosingTrade add(io.pybitbot.account.AccountEvent.Execution x) {
        return new ClosingTrade(position, trade.add(x), timeMs, fallbackPnl);
    }

    /** Without all closing fills, the venue's own realized figure (when it sent one) is the better guess. */
    BigDecimal pnl() {
        return complete() || fallbackPnl.signum() == 0 ? trade.net() : fallbackPnl;
    }
}
