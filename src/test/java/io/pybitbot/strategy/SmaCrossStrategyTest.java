package io.pybitbot.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmaCrossStrategyTest {

    private static final SmaCrossStrategy.Params P = new SmaCrossStrategy.Params(2, 4, 3, 2.0, 3.0);

    /** Candles with the given closes, a constant 1.0 high-low range around the close. */
    static List<Candle> closes(double... closes) {
        List<Candle> out = new ArrayList<>();
        double prev = closes[0];
        for (int i = 0; i < closes.length; i++) {
            double c = closes[i];
            double open = prev;
            out.add(Candle.closed(i * 60_000L, open, Math.max(open, c) + 0.5, Math.min(open, c) - 0.5, c, 1, c));
            prev = c;
        }
        return out;
    }

    private static List<Signal> run(Strategy s, List<Candle> candles) {
        List<Signal> out = new ArrayList<>();
        for (Candle c : candles) {
            Signal sig = s.onCandle(c);
            if (sig != null) {
                out.add(sig);
            }
        }
        return out;
    }

    @Test
    void signalsLongOnCrossUpAndShortOnCrossDownWithAtrStops() {
        // falling, then rising (cross up), then falling (cross down)
        List<Candle> candles = closes(10, 9, 8, 7, 6, 5, 6, 8, 10, 12, 11, 9, 7, 5);
        SmaCrossStrategy s = new SmaCrossStrategy("strategy_b", "BTCUSDT", P);
        List<Signal> signals = run(s, candles);
        assertEquals(2, signals.size(), signals.toString());
        Signal up = signals.get(0);
        assertEquals(Side.BUY, up.side());
        assertEquals(Signal.Kind.ENTRY, up.kind());
        // SMA2 vs SMA4: at index 7 (close 8): sma2=7, sma4=6.25 > while at index 6: sma2=5.5, sma4=6 → cross up on index 7
        assertEquals(7 * 60_000L, up.candleStartMs());
        assertEquals(8, up.referencePrice());
        assertTrue(up.stopLoss() < 8 && up.takeProfit() > 8);
        // risk:reward follows the ATR multiples 2:3
        assertEquals(1.5, (up.takeProfit() - 8) / (8 - up.stopLoss()), 1e-9);
        Signal down = signals.get(1);
        assertEquals(Side.SELL, down.side());
        assertTrue(down.stopLoss() > down.referencePrice() && down.takeProfit() < down.referencePrice());
        assertEquals("strategy_b", down.strategy());
        assertEquals("BTCUSDT", down.symbol());
    }

    @Test
    void staysSilentDuringWarmupAndOnFlatMarkets() {
        SmaCrossStrategy s = new SmaCrossStrategy("b", "X", P);
        assertEquals(5, s.warmupCandles());
        for (Candle c : closes(5, 5, 5, 5, 5, 5, 5, 5)) {
            assertNull(s.onCandle(c));
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SmaCrossStrategy.Params(5, 5, 14, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SmaCrossStrategy.Params(5, 10, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SmaCrossStrategy.Params(5, 10, 14, 0, 1));
    }
}
