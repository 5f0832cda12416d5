package io.pybitbot.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EquitySanityTest {

    @Test
    void aFigureNotFiniteOrNotPositiveIsAbsurdEvenWithoutOneBefore() {
        assertTrue(EquitySanity.why(0, Double.POSITIVE_INFINITY, 0.5).contains("not a finite number"));
        assertTrue(EquitySanity.why(0, Double.NaN, 0.5).contains("not a finite number"));
        assertTrue(EquitySanity.why(10_000, -1_000_000, 0.5).contains("not positive"));
        assertTrue(EquitySanity.why(0, 0, 0.5).contains("not positive"));
        assertEquals("", EquitySanity.why(0, 1e6, 0.5), "the first figure has nothing to jump from");
    }

    @Test
    void aJumpBeyondTheBoundEitherWayIsAbsurdAndOneWithinItIsNot() {
        assertEquals("", EquitySanity.why(10_000, 14_999, 0.5));
        assertEquals("", EquitySanity.why(10_000, 5_001, 0.5));
        assertTrue(EquitySanity.why(10_000, 15_001, 0.5).contains("beyond the 50 % bound"));
        assertTrue(EquitySanity.why(10_000, 4_999, 0.5).contains("beyond the 50 % bound"));
        assertTrue(EquitySanity.why(10_000, 1e12, 0.5).contains("from 10000.00"));
        assertEquals("", EquitySanity.why(10_000, 1e12, 1e9), "a wider bound believes more");
    }
}
