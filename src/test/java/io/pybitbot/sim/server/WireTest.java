package io.pybitbot.sim.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Instruments;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void fastPriceFormattingAgreesWithTheSpecsRounding() {
        Random r = new Random(5);
        for (InstrumentSpec spec : new InstrumentSpec[] {Instruments.forSymbol("BTCUSDT", 0),
                Instruments.forSymbol("ETHUSDT", 0), Instruments.forSymbol("XRPUSDT", 0),
                Instruments.derived("FOOUSDT", 0.0123), Instruments.derived("BARUSDT", 812.4)}) {
            for (int i = 0; i < 2000; i++) {
                double p = spec.tickSize().doubleValue() * (1 + r.nextInt(10_000_000)) + r.nextDouble()
                        * spec.tickSize().doubleValue() * 0.98;
                assertEquals(spec.roundPrice(p).toPlainString(), Wire.price(spec, p), spec.symbol() + " " + p);
            }
        }
        assertEquals("30000.0", Wire.price(Instruments.forSymbol("BTCUSDT", 0), 30000));
        assertEquals("0.5000", Wire.price(Instruments.forSymbol("XRPUSDT", 0), 0.5));
    }
}
