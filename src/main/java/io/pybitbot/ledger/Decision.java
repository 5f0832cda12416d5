package io.pybitbot.ledger;

import java.util.List;

/**
 * What one input did: the facts recorded (already applied to the ledger, in order) and the effects for
 * the shell to carry out, in order.
 */
public record Decision(List<LedgerEvent> events, List<LedgerEffect> effects) {

    public Decision {
        events = List.copyOf(events);
        effects = List.copyOf(effects);
    }

    /** The effects of one type, in order (for tests and for shells that route by type). */
    public <T extends LedgerEffect> List<T> effects(Class<T> type) {
        return effects.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
