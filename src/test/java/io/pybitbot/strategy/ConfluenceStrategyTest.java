package io.pybitbot.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.data.BundledData;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfluenceStrategyTest {

    static ConfluenceStrategy.Params params() {
        return new ConfluenceStrategy.Params(3, 6, 10, 5, 80, 20, 3, 6, 3, 5, 2.0, 5, 15, 5,
                1, 1, 0.5, 0.5, 0.6, 2, 3);
    }

    /** Feeds the candles with a ledger that fills every entry and exit at once. */
    private static List<Signal> run(Strategy s, List<Candle> candles) {
        List<Signal> out = new ArrayList<>();
        StrategyPosition held = StrategyPosition.FLAT;
        for (Candle c : candles) {
            Signal sig = s.onCandle(c, held);
            if (sig != null) {
                out.add(sig);
                held = sig.kind() == Signal.Kind.EXIT ? StrategyPosition.FLAT
                        : StrategyPosition.open(sig.side(), BigDecimal.ONE, sig.referencePrice(), c.startMs());
            }
        }
        return out;
    }

    /** Feeds the candles with a ledger that never fills anything (every entry denied). */
    private static List<Signal> runDenied(Strategy s, List<Candle> candles) {
        List<Signal> out = new ArrayList<>();
        for (Candle c : candles) {
            Signal sig = s.onCandle(c, StrategyPosition.FLAT);
            if (sig != null) {
                out.add(sig);
            }
        }
        return out;
    }

    /** A zig-zag market: regular up legs then down legs, with small pullbacks inside each leg. */
    static List<Candle> zigzag(int legs, int legLength) {
        List<Candle> out = new ArrayList<>();
        double price = 100;
        long t = 0;
        for (int leg = 0; leg < legs; leg++) {
            int dir = leg % 2 == 0 ? 1 : -1;
            for (int i = 0; i < legLength; i++) {
                double step = (i % 4 == 3) ? -0.4 * dir : 1.0 * dir;
                double open = price;
                price += step;
                out.add(Candle.closed(t, open, Math.max(open, price) + 0.3, Math.min(open, price) - 0.3, price, 10, 10 * price));
                t += 60_000;
            }
        }
        return out;
    }

    @Test
    void entersWithTheTrendAndExitsWhenItTurns() {
        List<Signal> signals = run(new ConfluenceStrategy("strategy_a", "ETHUSDT", params()), zigzag(6, 30));
        assertTrue(signals.size() >= 4, signals.toString());
        boolean sawLong = false;
        boolean sawShort = false;
        Side open = null;
        for (Signal s : signals) {
            if (s.kind() == Signal.Kind.ENTRY) {
                // entries alternate with exits: never two entries of the same side in a row
                assertTrue(open != s.side(), "repeated entry " + s);
                open = s.side();
                sawLong |= s.side() == Side.BUY;
                sawShort |= s.side() == Side.SELL;
                assertTrue(s.side() == Side.BUY ? s.stopLoss() < s.referencePrice() : s.stopLoss() > s.referencePrice());
            } else {
                assertEquals(open, s.side(), "exit of a side that was not entered: " + s);
                open = null;
            }
        }
        assertTrue(sawLong && sawShort, signals.toString());
    }

    @Test
    void aStrategyWhoseEntriesAreDeniedNeverSignalsAnExit() {
        List<Signal> denied = runDenied(new ConfluenceStrategy("strategy_a", "ETHUSDT", params()), zigzag(6, 30));
        List<Signal> filled = run(new ConfluenceStrategy("strategy_a", "ETHUSDT", params()), zigzag(6, 30));
        assertTrue(denied.stream().noneMatch(x -> x.kind() == Signal.Kind.EXIT), denied.toString());
        assertTrue(filled.stream().anyMatch(x -> x.kind() == Signal.Kind.EXIT), "the same market exits when filled");
        // flat after a denial, it may enter again at the next crossing: every entry of the filled run is still there
        assertTrue(denied.stream().map(Signal::candleStartMs).toList().containsAll(filled.stream()
                .filter(x -> x.kind() == Signal.Kind.ENTRY).map(Signal::candleStartMs).toList()), denied.toString());
    }

    @Test
    void aLongItHoldsIsNotEnteredAgainAndOnlyItsOwnSideIsExited() {
        List<Candle> candles = zigzag(6, 30);
        // told it holds a long the whole time (a position the ledger adopted): no long entry, no short exit
        ConfluenceStrategy s = new ConfluenceStrategy("strategy_a", "ETHUSDT", params());
        StrategyPosition longHeld = StrategyPosition.open(Side.BUY, BigDecimal.ONE, 100, 1);
        List<Signal> seen = new ArrayList<>();
        for (Candle c : candles) {
            Signal sig = s.onCandle(c, longHeld);
            if (sig != null) {
                seen.add(sig);
            }
        }
        assertTrue(seen.stream().noneMatch(x -> x.kind() == Signal.Kind.ENTRY && x.side() == Side.BUY), seen.toString());
        assertTrue(seen.stream().noneMatch(x -> x.kind() == Signal.Kind.EXIT && x.side() == Side.SELL), seen.toString());
        assertTrue(seen.stream().anyMatch(x -> x.kind() == Signal.Kind.EXIT && x.side() == Side.BUY), seen.toString());
    }

    @Test
    void producesSignalsOnRealDataAndNeverBeforeWarmup() {
        ConfluenceStrategy s = new ConfluenceStrategy("strategy_a", "ETHUSDT", params());
        List<Candle> candles = BundledData.load("ETHUSDT", Interval.M5).candles();
        List<Signal> signals = run(s, candles);
        assertFalse(signals.isEmpty());
        long firstAllowed = candles.get(s.warmupCandles() - 1).startMs();
        assertTrue(signals.get(0).candleStartMs() >= firstAllowed);
    }

    @Test
    void scoreIsBoundedAndFlatMarketsDoNotTrade() {
        ConfluenceStrategy s = new ConfluenceStrategy("a", "X", params());
        for (int i = 0; i < 100; i++) {
            assertEquals(null, s.onCandle(Candle.closed(i * 60_000L, 50, 50, 50, 50, 1, 50), StrategyPosition.FLAT));
        }
    }
}
