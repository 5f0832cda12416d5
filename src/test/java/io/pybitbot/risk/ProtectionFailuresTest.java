package io.pybitbot.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProtectionFailuresTest {

    private final ProtectionFailures failures = new ProtectionFailures(new ProtectionFailures.Bound(3, Duration.ofSeconds(60)));

    @Test
    void theFailureThatReachesTheBoundTripsTheSymbolOnce() {
        assertFalse(failures.failed("BTCUSDT", 0));
        assertFalse(failures.failed("BTCUSDT", 10_000));
        assertTrue(failures.failed("BTCUSDT", 20_000), "the third failure within 60 s");
        assertTrue(failures.tripped("BTCUSDT"));
        assertFalse(failures.failed("BTCUSDT", 21_000), "tripped already: said once");
        assertFalse(failures.tripped("ETHUSDT"), "other symbols are not touched");
    }

    @Test
    void failuresSpreadWiderThanTheWindowDoNotTrip() {
        for (long t = 0; t < 10 * 60_000; t += 30_001) {
            assertFalse(failures.failed("BTCUSDT", t), "at " + t);
        }
        assertEquals(2, failures.recentFailures("BTCUSDT", 19 * 30_001L), "the last two, 30 s apart");
    }

    @Test
    void belowTheBoundAttemptsAreImmediateOnceTrippedTheyArePacedToTheBoundsRate() {
        for (int i = 0; i < 5; i++) {
            assertTrue(failures.tryAttempt("BTCUSDT", 1_000));
        }
        failures.failed("BTCUSDT", 1_000);
        failures.failed("BTCUSDT", 1_000);
        failures.failed("BTCUSDT", 1_000);
        assertFalse(failures.tryAttempt("BTCUSDT", 1_000), "the last attempt was just now");
        assertFalse(failures.tryAttempt("BTCUSDT", 20_999));
        assertTrue(failures.tryAttempt("BTCUSDT", 21_000), "60 s / 3 later");
        assertFalse(failures.tryAttempt("BTCUSDT", 21_001));
        assertTrue(failures.tryAttempt("ETHUSDT", 21_001));
    }

    @Test
    void aProtectedOrFlatSymbolStartsOver() {
        failures.failed("BTCUSDT", 0);
        failures.failed("BTCUSDT", 0);
        failures.failed("BTCUSDT", 0);
        failures.recovered("BTCUSDT");
        assertFalse(failures.tripped("BTCUSDT"));
        assertTrue(failures.tryAttempt("BTCUSDT", 1));
        assertTrue(failures.tryAttempt("BTCUSDT", 2));
        assertFalse(failures.failed("BTCUSDT", 3), "the count restarted");
    }

    @Test
    void aBoundThatCouldNeverHoldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ProtectionFailures.Bound(0, Duration.ofSeconds(60)));
        assertThrows(IllegalArgumentException.class, () -> new ProtectionFailures.Bound(3, Duration.ZERO));
    }
}
