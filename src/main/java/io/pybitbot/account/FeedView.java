package io.pybitbot.account;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account as the {@link AccountFeed} has relayed it: open positions by symbol, the latest wallet figures, the
 * orders last seen open. Plain Java, folded from the same events the subscribers get, so a snapshot of it plus
 * the events after it tell a late subscriber what an early one knows.
 */
final class FeedView {

    private final Map<String, AccountEvent.PositionUpdate> positions = new TreeMap<>();
    private final Map<String, AccountEvent.OrderUpdate> openOrders = new LinkedHashMap<>();
    private AccountEvent.WalletUpdate wallet;

    void apply(AccountEvent event) {
        if (event instanceof AccountEvent.PositionUpdate p) {
            if (p.open()) {
                positions.put(p.symbol(), p);
            } else {
                positions.remove(p.symbol());
            }
        } else if (event instanceof AccountEvent.WalletUpdate w) {
            wallet = w;
        } else if (event instanceof AccountEvent.OrderUpdate o) {
            // keyed by the exchange's id; an update without one (none seen so far) falls back to the link id
            String key = o.orderId().isEmpty() ? o.orderLinkId() : o.orderId();
            if (o.terminal()) {
                openOrders.remove(key);
            } else {
                openOrders.put(key, o);
            }
        }
        // executions change positions and orders only through their own updates; snapshots are built from here
    }

    List<String> openSymbols() {
        return new ArrayList<>(positions.keySet());
    }

    AccountEvent.PositionUpdate position(String symbol) {
        return positions.get(symbol);
    }

    AccountEvent.WalletUpdate wallet() {
        return wallet;
    }

    AccountEvent.Snapshot snapshot(AccountEvent.Snapshot.Kind kind, String failure, long timeMs) {
        return new AccountEvent.Snapshot(kind, List.copyOf(positions.values()), wallet, List.copyOf(openOrders.values()),
                failure, timeMs);
    }
}
