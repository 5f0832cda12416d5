package io.pybitbot.execution;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Signal;
import io.pybitbot.exchange.bybit.BybitVenue;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.ledger.EntryTickets;
import io.pybitbot.risk.Verdict;
import java.util.Optional;

/**
 * The Bybit order for an approved entry: the ledger's {@link EntryTickets} (which holds the rounding rules)
 * through {@link BybitVenue}.
 */
public final class EntryOrders {

    private EntryOrders() {}

    /**
     * @return the market order with whole-position TP/SL, or empty when the approved quantity rounds to 0
     */
    public static Optional<OrderRequest> market(Signal signal, Verdict.Approved approved, InstrumentSpec spec,
                                                ExecutionSettings settings, String orderLinkId) {
        if (signal.kind() != Signal.Kind.ENTRY) {
            throw new IllegalArgumentException("entry order asked for a " + signal.kind() + " signal on " + signal.symbol());
        }
        return EntryTickets.market(signal, approved.qty(), spec, settings.stopLossPct(), settings.takeProfitPct(),
                orderLinkId).map(BybitVenue::request);
    }
}
