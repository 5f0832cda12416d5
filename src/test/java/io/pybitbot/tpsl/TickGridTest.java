package io.pybitbot.tpsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pybitbot.domain.InstrumentSpec;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class TickGridTest {

    @Test
    void floorsAndCeilsToDecimalTicks() {
        TickGrid g = new TickGrid(0.01);
        assertEquals(1222.21, g.floor(1222.2144));
        assertEquals(1222.22, g.ceil(1222.2144));
        assertEquals(1222.21, g.round(1222.2144));
        assertEquals(1222.22, g.round(1222.215));
    }

    @Test
    void pricesAlreadyOnTheGridStayPutDespiteFloatingPointNoise() {
        TickGrid g = new TickGrid(0.01);
        // 99.99 * 100 = 9998.999999999998 in double; must not floor to 99.98
        assertEquals(99.99, g.floor(99.99));
        assertEquals(99.99, g.ceil(99.99));
        // 0.1 + 0.2 = 0.30000000000000004; must not ceil to 0.31
        assertEquals(0.3, g.ceil(0.1 + 0.2));
    }

    @Test
    void handlesNonDecimalTicks() {
        TickGrid half = new TickGrid(0.5);
        assertEquals(100.0, half.floor(100.49));
        assertEquals(100.5, half.ceil(100.01));
        TickGrid quarter = new TickGrid(0.25);
        assertEquals(0.75, quarter.ticks(3));
    }

    @Test
    void buildsFromInstrumentSpec() {
        InstrumentSpec spec = new InstrumentSpec("BTCUSDT", new BigDecimal("0.10"), new BigDecimal("0.001"),
                new BigDecimal("0.001"), new BigDecimal("100"), new BigDecimal("5"), new BigDecimal("100"));
        TickGrid g = TickGrid.of(spec);
        assertEquals(0.1, g.tick());
        assertEquals(30006.1, g.ceil(30006.0002));
    }

    @Test
    void rejectsNonPositiveTick() {
        assertThrows(IllegalArgumentException.class, () -> new TickGrid(0));
        assertThrows(IllegalArgumentException.class, () -> new TickGrid(Double.NaN));
    }
}
