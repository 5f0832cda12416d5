package io.pybitbot.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * Instrument rules for places that have no exchange to ask (backtests, the simulator's defaults).
 * Known symbols carry Bybit's published linear-perpetual filters; any other symbol gets a rule derived
 * from its price level, documented in {@link #derived}.
 */
public final class Instruments {

    private static final Map<String, InstrumentSpec> KNOWN = Map.of(
            "BTCUSDT", spec("BTCUSDT", "0.1", "0.001", "0.001", "1190", "5", "100"),
            "ETHUSDT", spec("ETHUSDT", "0.01", "0.01", "0.01", "7240", "5", "100"),
            "SOLUSDT", spec("SOLUSDT", "0.01", "0.1", "0.1", "79770", "5", "100"),
            "XRPUSDT", spec("XRPUSDT", "0.0001", "1", "1", "1520000", "5", "75"));

    private Instruments() {
    }

    private static InstrumentSpec spec(String s, String tick, String step, String min, String max, String notional,
                                       String lev) {
        return new InstrumentSpec(s, new BigDecimal(tick), new BigDecimal(step), new BigDecimal(min),
                new BigDecimal(max), new BigDecimal(notional), new BigDecimal(lev));
    }

    /** The known spec of {@code symbol}, or one derived from {@code referencePrice}. */
    public static InstrumentSpec forSymbol(String symbol, double referencePrice) {
        InstrumentSpec known = KNOWN.get(symbol);
        return known != null ? known : derived(symbol, referencePrice);
    }

    /**
     * A spec for an unknown symbol: tick = 10^(floor(log10(price)) - 4) (five significant digits), qty step
     * such that one step is worth about 1 USDT or less, min notional 5 USDT, max leverage 50.
     */
    public static InstrumentSpec derived(String symbol, double referencePrice) {
        if (!(referencePrice > 0) || !Double.isFinite(referencePrice)) {
            throw new IllegalArgumentException("cannot derive instrument rules for " + symbol + " from price " + referencePrice);
        }
        int mag = (int) Math.floor(Math.log10(referencePrice));
        BigDecimal tick = BigDecimal.ONE.scaleByPowerOfTen(mag - 4);
        BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(-Math.max(0, mag));
        BigDecimal max = new BigDecimal(1_000_000).divide(BigDecimal.valueOf(referencePrice), MathContext.DECIMAL64)
                .max(BigDecimal.ONE).setScale(step.scale(), java.math.RoundingMode.DOWN);
        return new InstrumentSpec(symbol, tick, step, step, max.max(step), new BigDecimal("5"), new BigDecimal("50"));
    }
}
