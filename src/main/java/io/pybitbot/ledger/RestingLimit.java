package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;

/**
 * A post-only limit entry on the book, counted in closed candles towards its time in force.
 *
 * @param candlesSeen closed candles since the one it was decided on
 * @param expiring    its cancel has been sent
 * @param withdrawn   the cancel is its strategy's exit, not the time in force: no market order follows
 */
public record RestingLimit(String symbol, int candlesSeen, boolean expiring, boolean withdrawn)
        implements CborSerializable {

    RestingLimit counted() {
        return new RestingLimit(symbol, candlesSeen + 1, expiring, withdrawn);
    }

    RestingLimit expiring(boolean byExit) {
        return new RestingLimit(symbol, candlesSeen, true, byExit);
    }

    RestingLimit cancelFailed() {
        return new RestingLimit(symbol, candlesSeen, false, false);
    }
}
