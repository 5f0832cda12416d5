package io.pybitbot.ledger;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Signal;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole state of an {@link ExecutionLedger}, immutable: what {@code GetState} shows, what a journal
 * snapshot stores, and what replay tests compare.
 *
 * @param intents         recent intent ids, oldest first
 * @param orders          recent orders, oldest first
 * @param positionNews    stream position updates and closing fills seen per symbol
 * @param seenFills       ids of the recent fills applied, oldest first
 * @param lastFillMs      venue time of the latest fill applied (0 = none)
 * @param waitingEntries  per symbol, the entry waiting for another entry on its way (null in older journals)
 * @param restingLimits   limit entries on the book by orderLinkId (null in older journals)
 */
public record LedgerSnapshot(List<String> intents, List<OrderView> orders, Map<String, PositionView> positions,
                             Map<String, String> pendingOwners, Map<String, TradeTally> trades,
                             Map<String, ClosingTrade> closing, Map<String, BigDecimal> closedSinceUpdate,
                             Map<String, Long> closedByFillAtMs, Map<String, Long> positionNews,
                             Map<String, String> forgottenOwners, boolean reconciling,
                             Map<String, Signal> reversalEntries, Set<String> entriesInFlight,
                             Set<String> closesInFlight, Set<String> leverageSet, Map<String, Integer> denialsByReason,
                             int submitted, int denied, int rejected, List<String> seenFills, long lastFillMs,
                             Map<String, Signal> waitingEntries, Map<String, RestingLimit> restingLimits)
        implements CborSerializable {

    public LedgerSnapshot {
        waitingEntries = waitingEntries == null ? Map.of() : waitingEntries;
        restingLimits = restingLimits == null ? Map.of() : restingLimits;
    }
}
