package io.pybitbot.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.ledger.ExecutionRules.EntryAction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decisions the live ledger and the backtester share. */
class ExecutionRulesTest {

    private static final Signal LONG_A = Signal.entry("a", "BTCUSDT", Side.BUY, 100, 95, 110, 0, "");
    private static final Signal EXIT_A = Signal.exit("a", "BTCUSDT", Side.BUY, 100, 0, "");

    @Test
    void anEntryReversesOnlyTheStrategysOwnOppositePosition() {
        assertEquals(EntryAction.ENTER, ExecutionRules.entryAction(null, null, LONG_A));
        assertEquals(EntryAction.REVERSE_FIRST, ExecutionRules.entryAction("a", Side.SELL, LONG_A));
        assertEquals(EntryAction.ALREADY_POSITIONED, ExecutionRules.entryAction("a", Side.BUY, LONG_A));
        assertEquals(EntryAction.ENTER, ExecutionRules.entryAction("b", Side.SELL, LONG_A), "another strategy's");
        assertEquals(EntryAction.ENTER, ExecutionRules.entryAction("", Side.SELL, LONG_A), "owner unknown");
    }

    @Test
    void anExitClosesItsOwnOrAnUnknownOwnersPositionOnTheSameSide() {
        assertTrue(ExecutionRules.exitApplies("a", Side.BUY, EXIT_A));
        assertTrue(ExecutionRules.exitApplies("", Side.BUY, EXIT_A));
        assertFalse(ExecutionRules.exitApplies("b", Side.BUY, EXIT_A));
        assertFalse(ExecutionRules.exitApplies("a", Side.SELL, EXIT_A));
        assertFalse(ExecutionRules.exitApplies(null, null, EXIT_A));
    }

    @Test
    void exitsGoFirstAndOrderIsOtherwiseKept() {
        Signal longB = Signal.entry("b", "BTCUSDT", Side.BUY, 100, 95, 110, 0, "");
        Signal exitB = Signal.exit("b", "BTCUSDT", Side.SELL, 100, 0, "");
        assertEquals(List.of(EXIT_A, exitB, LONG_A, longB), ExecutionRules.exitsFirst(List.of(LONG_A, EXIT_A, longB, exitB)));
    }
}
