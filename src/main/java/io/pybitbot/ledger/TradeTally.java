package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.account.AccountEvent;
import java.math.BigDecimal;

/** Net PnL (execPnl - fees) and closed quantity of the fills of one trade (one position's life). */
public record TradeTally(BigDecimal net, BigDecimal closedQty) implements CborSerializable {

    public static final TradeTally EMPTY = new TradeTally(BigDecimal.ZERO, BigDecimal.ZERO);

    TradeTally add(AccountEvent.Execution x) {
        return new TradeTally(net.add(x.execPnl()).subtract(x.fee()), closedQty.add(x.closedSize()));
    }
}
