package io.pybitbot.ledger;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * The decisions the live ledger and the backtester share, so they agree by construction: which signals of
 * a candle go first, who may close a position, and what an entry against a held position means.
 */
public final class ExecutionRules {

    private ExecutionRules() {}

    /** What an entry signal asks for, given the position held on its symbol. */
    public enum EntryAction {
        /** Nothing of the strategy's is held there: the entry goes to Risk. */
        ENTER,
        /** The strategy holds the opposite position: close it first, enter once it is flat. */
        REVERSE_FIRST,
        /** The strategy already holds this very position. */
        ALREADY_POSITIONED
    }

    /**
     * @param heldOwner the held position's owner ("" unknown), null when flat
     * @param heldSide  the held position's side, null when flat
     */
    public static EntryAction entryAction(String heldOwner, Side heldSide, Signal entry) {
        if (heldSide == null || heldOwner == null || !heldOwner.equals(entry.strategy())) {
            return EntryAction.ENTER;
        }
        return heldSide == entry.side() ? EntryAction.ALREADY_POSITIONED : EntryAction.REVERSE_FIRST;
    }

    /**
     * May {@code strategy}'s exit close a position owned by {@code owner}? Its own, or one of unknown owner
     * (found at start, opened by hand), never another strategy's.
     */
    public static boolean mayClose(String owner, String strategy) {
        return owner.isEmpty() || owner.equals(strategy);
    }

    /** An exit of {@code exit}'s strategy applies to the held position (same side, and it may close it). */
    public static boolean exitApplies(String heldOwner, Side heldSide, Signal exit) {
        return heldSide != null && heldSide == exit.side() && mayClose(heldOwner, exit.strategy());
    }

    /** The signals of one candle in the order they are carried out: exits first, then entries. */
    public static List<Signal> exitsFirst(List<Signal> signals) {
        List<Signal> ordered = new ArrayList<>(signals.size());
        for (Signal s : signals) {
            if (s.kind() == Signal.Kind.EXIT) {
                ordered.add(s);
            }
        }
        for (Signal s : signals) {
            if (s.kind() == Signal.Kind.ENTRY) {
                ordered.add(s);
            }
        }
        return ordered;
    }
}
