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
        AccountView view = p.view(10000, 10000, 10000, Map.of("BTCUSDT", 500.0));
        assertTrue(view.hasPosition("ETHUSDT"));
        assertEquals(1000.0, view.symbolExposure("ETHUSDT"));
        assertEquals(1500.0, view.totalExposure());

        p.settled("ETHUSDT");
        view = p.view(10000, 10000, 10000, Map.of("BTCUSDT", 500.0));
        assertFalse(view.hasPosition("ETHUSDT"));
        assertEquals(1, view.openPositionCount());
        assertEquals(500.0, view.totalExposure());
    }

    @Test
    void aSymbolWithAPositionKeepsThePositionsFigure() {
        PendingEntries p = new PendingEntries();
        p.approved("BTCUSDT", 1000);
        AccountView view = p.view(10000, 10000, 10000, Map.of("BTCUSDT", -700.0));
        assertEquals(700.0, view.symbolExposure("BTCUSDT"));
        assertEquals(700.0, view.totalExposure());
        assertEquals(1, view.openPositionCount());
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
        AccountView view = p.view(10000, 10000, 10000, positions);
        assertEquals(2, view.openPositionCount());
        assertEquals(2000.0, view.totalExposure());
    }

    @Test
    void aNaNFigureIsRefusedAsTheSnapshotRefusesIt() {
        PendingEntries p = new PendingEntries();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> p.view(Double.NaN, 10000, 10000, Map.of()));
    }

    @Test
    void theViewReadsLikeASnapshotOfTheMergedExposures() {
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            PendingEntries p = new PendingEntries();
            Map<String, Double> positions = new java.util.HashMap<>();
            Map<String, Double> approved = new java.util.HashMap<>();
            for (int i = 0; i < 30; i++) {
                String symbol = "S" + random.nextInt(40);
                if (random.nextBoolean()) {
                    positions.put(symbol, (random.nextDouble() - 0.5) * 2000);
                } else {
                    double notional = random.nextDouble() * 1000;
                    p.approved(symbol, notional);
                    approved.put(symbol, notional);
                }
            }
            Map<String, Double> merged = new java.util.HashMap<>(positions);
            approved.forEach(merged::putIfAbsent);
            AccountSnapshot copied = new AccountSnapshot(9000, 11000, 10000, merged);
            AccountView view = p.view(9000, 11000, 10000, positions);
            assertEquals(copied.openPositionCount(), view.openPositionCount());
            assertEquals(copied.totalExposure(), view.totalExposure(), 1e-6);
            assertEquals(copied.peakEquity(), view.peakEquity());
            for (int i = 0; i < 40; i++) {
                String symbol = "S" + i;
                assertEquals(copied.hasPosition(symbol), view.hasPosition(symbol), symbol);
                assertEquals(copied.symbolExposure(symbol), view.symbolExposure(symbol), 1e-9, symbol);
            }
        }
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
