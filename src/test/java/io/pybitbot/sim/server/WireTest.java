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

    @Test
    void echoedPricesAndQuantitiesKeepTheInstrumentsScaleLikeBybit() {
        InstrumentSpec btc = Instruments.forSymbol("BTCUSDT", 0);
        assertEquals(1, btc.priceScale());
        assertEquals(3, btc.qtyScale());
        // A client that sent "stopLoss":"776.0" reads "776.0" back, not "776".
        assertEquals("776.0", Wire.price(btc, new java.math.BigDecimal("776")));
        assertEquals("776.5", Wire.price(btc, new java.math.BigDecimal("776.50")));
        assertEquals("", Wire.price(btc, null));
        assertEquals("0.010", Wire.qty(btc, new java.math.BigDecimal("0.01")));
        assertEquals("0", Wire.qty(btc, java.math.BigDecimal.ZERO.setScale(3)));
        // Finer than the scale (never produced by validated input) is kept, not rounded away.
        assertEquals("776.25", Wire.price(btc, new java.math.BigDecimal("776.25")));
    }
}
