package io.pybitbot.strategy;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.indicator.Atr;
import io.pybitbot.indicator.Cross;
import io.pybitbot.indicator.Sma;

/**
 * strategy_b: fast/slow simple moving average crossover. When the fast SMA crosses above the slow one
 * it signals a long entry, below it a short entry; the stop-loss and take-profit sit at ATR multiples
 * from the close of the crossing candle. Being opposite signals, a cross also reverses a position held
 * by this strategy (the engine closes the old side first).
 */
public final class SmaCrossStrategy implements Strategy {

    /** Parameters, validated on construction. */
    public record Params(int fastPeriod, int slowPeriod, int atrPeriod, double stopAtrMultiple,
                         double targetAtrMultiple) {
        public Params {
            if (fastPeriod < 1 || slowPeriod <= fastPeriod) {
                throw new IllegalArgumentException("need 1 <= sma_fast < sma_slow, got " + fastPeriod + " and " + slowPeriod);
            }
            if (atrPeriod < 1) {
                throw new IllegalArgumentException("atr period must be >= 1, got " + atrPeriod);
            }
            if (!(stopAtrMultiple > 0) || !(targetAtrMultiple > 0)) {
                throw new IllegalArgumentException("stop and target ATR multiples must be > 0, got "
                        + stopAtrMultiple + " and " + targetAtrMultiple);
            }
        }
    }

    private final String name;
    private final String symbol;
    private final Params p;
    private final Sma fast;
    private final Sma slow;
    private final Atr atr;
    private double prevFast = Double.NaN;
    private double prevSlow = Double.NaN;

    public SmaCrossStrategy(String name, String symbol, Params params) {
        this.name = name;
        this.symbol = symbol;
        this.p = params;
        this.fast = new Sma(params.fastPeriod());
        this.slow = new Sma(params.slowPeriod());
        this.atr = new Atr(params.atrPeriod());
    }

    @Override
    public int warmupCandles() {
        // one more than the slowest input, so there is a previous value to detect the first cross
        return Math.max(slow.warmupPeriod(), atr.warmupPeriod()) + 1;
    }

    @Override
    public void priceLines(java.util.function.ObjDoubleConsumer<String> sink) {
        sink.accept("SMA " + p.fastPeriod(), prevFast);
        sink.accept("SMA " + p.slowPeriod(), prevSlow);
    }

    @Override
    public Signal onCandle(Candle c) {
        double f = fast.update(c.close());
        double s = slow.update(c.close());
        atr.update(c.high(), c.low(), c.close());
        double pf = prevFast;
        double ps = prevSlow;
        prevFast = f;
        prevSlow = s;
        if (Double.isNaN(pf) || Double.isNaN(ps) || !atr.isReady()) {
            return null;
        }
        double a = atr.value();
        if (!(a > 0)) {
            return null; // a flat market gives no room for a stop
        }
        if (Cross.crossedAbove(pf, ps, f, s)) {
            return Signal.entry(name, symbol, Side.BUY, c.close(), c.close() - p.stopAtrMultiple() * a,
                    c.close() + p.targetAtrMultiple() * a, c.startMs(), "sma cross up");
        }
        if (Cross.crossedBelow(pf, ps, f, s)) {
            return Signal.entry(name, symbol, Side.SELL, c.close(), c.close() + p.stopAtrMultiple() * a,
                    c.close() - p.targetAtrMultiple() * a, c.startMs(), "sma cross down");
        }
        return null;
    }
}
