package io.pybitbot.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingEntriesTest {

    @Test
    void aPendingEntryCountsAsAPositionOfItsNotionalUntilSettled() {
        PendingEntries p = new PendingEntries();
        p.approved("ETHUSDT", 1000);
        Map<String, Double> merged = p.withPositions(Map.of("BTCUSDT", 500.0));
        assertEquals(Map.of("BTCUSDT", 500.0, "ETHUSDT", 1000.0), merged);

        p.settled("ETHUSDT");
        assertEquals(Map.of("BTCUSDT", 500.0), p.withPositions(Map.of("BTCUSDT", 500.0)));
    }

    @Test
    void aSymbolWithAPositionKeepsThePositionsFigure() {
        PendingEntries p = new PendingEntries();
        p.approved("BTCUSDT", 1000);
        assertEquals(Map.of("BTCUSDT", 700.0), p.withPositions(Map.of("BTCUSDT", 700.0)));
    }

    @Test
    void anOldDeadlineDoesNotDropANewerApproval() {
        PendingEntries p = new PendingEntries();
        long first = p.approved("BTCUSDT", 1000);
        long second = p.approved("BTCUSDT", 800);
        assertFalse(p.expire("BTCUSDT", first), "the first approval was superseded");
        assertTrue(p.isPending("BTCUSDT"));
        assertTrue(p.expire("BTCUSDT", second));
        assertFalse(p.isPending("BTCUSDT"));
    }

    @Test
    void theAccountViewCountsPendingEntriesInPositionsAndExposure() {
        PendingEntries p = new PendingEntries();
        Map<String, Double> positions = Map.of("BTCUSDT", 1000.0);
        p.approved("ETHUSDT", 1000);
        AccountSnapshot view = new AccountSnapshot(10000, 10000, 10000, p.withPositions(positions));
        assertEquals(2, view.openPositionCount());
        assertEquals(2000.0, view.totalExposure());
    }

    @Test
    void theTokenOfAPendingEntryLetsItsDeadlineStartAgain() {
        PendingEntries p = new PendingEntries();
        assertEquals(-1, p.token("BTCUSDT"));
        long t = p.approved("BTCUSDT", 1000);
        assertEquals(t, p.token("BTCUSDT"));
        assertTrue(p.expire("BTCUSDT", p.token("BTCUSDT")), "the deadline restarted with the same token still drops it");
        assertEquals(-1, p.token("BTCUSDT"));
    }
}
