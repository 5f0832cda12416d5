package io.pybitbot.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PlausibilityTest {

    private final Plausibility rule = new Plausibility(0.5, 3.0);

    private static AccountEvent.PositionUpdate pos(Side side, String size) {
        return new AccountEvent.PositionUpdate("BTCUSDT", side, new BigDecimal(size), new BigDecimal("30000"),
                new BigDecimal("30000"), new BigDecimal("29500"), null, null, null, null, 1L);
    }

    private static AccountEvent.WalletUpdate wallet(String equity) {
        return new AccountEvent.WalletUpdate(new BigDecimal(equity), null, null, 1L);
    }

    @Test
    void aSizeFarBeyondThePositionAndTheOrdersSeenSinceIsImplausible() {
        assertTrue(rule.position(pos(Side.BUY, "0.1"), pos(Side.BUY, "1e30"), BigDecimal.ZERO, false).contains("size"));
        assertEquals("", rule.position(null, pos(Side.BUY, "0.5"), BigDecimal.ZERO, false),
                "a position out of nothing known is believed (adopted and protected)");
        assertTrue(rule.position(null, pos(Side.BUY, "5"), new BigDecimal("0.5"), false).contains("size"),
                "ten times the order seen");
        assertEquals("", rule.position(null, pos(Side.BUY, "0.5"), new BigDecimal("0.5"), true), "its entry was seen");
        assertEquals("", rule.position(pos(Side.BUY, "0.1"), pos(Side.BUY, "0.3"), BigDecimal.ZERO, false),
                "three times the known size is still believed");
        assertTrue(rule.position(pos(Side.BUY, "0.1"), pos(Side.BUY, "0.31"), BigDecimal.ZERO, false).contains("size"));
        assertEquals("", rule.position(pos(Side.BUY, "0.1"), AccountEvent.PositionUpdate.flat("BTCUSDT", 2L),
                BigDecimal.ZERO, false), "a flat is never a jump");
    }

    @Test
    void aSideFlipWithoutAFillIsImplausible() {
        assertTrue(rule.position(pos(Side.BUY, "0.1"), pos(Side.SELL, "0.1"), new BigDecimal("0.2"), false)
                .contains("without a fill"));
        assertEquals("", rule.position(pos(Side.BUY, "0.1"), pos(Side.SELL, "0.1"), new BigDecimal("0.2"), true),
                "a reversal's fill explains it");
    }

    @Test
    void anEquityJumpBeyondTheBoundIsImplausible() {
        assertEquals("", rule.wallet(null, wallet("1000000")), "nothing to compare the first figure with");
        assertEquals("", rule.wallet(wallet("10000"), wallet("10500")));
        assertTrue(rule.wallet(wallet("10000"), wallet("1000000000000")).contains("after 10000"));
        assertTrue(rule.wallet(wallet("10000"), wallet("1000")).contains("after 10000"));
        assertTrue(rule.wallet(wallet("10000"), wallet("1e400")).contains("not a finite number"));
    }

    @Test
    void boundsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Plausibility(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Plausibility(0.5, 0.9));
    }
}
