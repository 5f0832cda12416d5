package io.pybitbot.strategy.example;

import io.pybitbot.config.StrategyParamsSpec;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.indicator.Atr;
import io.pybitbot.indicator.RollingMax;
import io.pybitbot.indicator.RollingMin;
import io.pybitbot.strategy.Strategy;
import io.pybitbot.strategy.StrategyContext;
import io.pybitbot.strategy.StrategyProvider;

/**
 * The README's example of a user strategy: a Donchian channel breakout. Long when the close breaks
 * above the highest high of the previous {@code lookback} candles, short below the lowest low; stop
 * and target at ATR multiples.
 */
public final class BreakoutStrategy implements Strategy {

    /** Registered in META-INF/services/io.pybitbot.strategy.StrategyProvider of the user's jar. */
    public static final class Provider implements StrategyProvider {
        @Override
        public String name() {
            return "breakout";
        }

        @Override
        public StrategyParamsSpec paramsSpec() {
            return StrategyParamsSpec.builder()
                    .integer("lookback", 20, 2, 1000, "candles in the channel")
                    .number("stop_atr_multiple", 2.0, 0, false, 50, "stop distance in ATRs")
                    .number("target_atr_multiple", 4.0, 0, false, 100, "target distance in ATRs")
                    .build();
        }

        @Override
        public Strategy create(StrategyContext ctx) {
            return new BreakoutStrategy(ctx.name(), ctx.symbol(), ctx.params().getInt("lookback"),
                    ctx.params().getInt("atr"), ctx.params().getDouble("stop_atr_multiple"),
                    ctx.params().getDouble("target_atr_multiple"));
        }
    }

    private final String name;
    private final String symbol;
    private final RollingMax highs;
    private final RollingMin lows;
    private final Atr atr;
    private final double stopAtr;
    private final double targetAtr;

    public BreakoutStrategy(String name, String symbol, int lookback, int atrPeriod, double stopAtr, double targetAtr) {
        this.name = name;
        this.symbol = symbol;
        this.highs = new RollingMax(lookback);
        this.lows = new RollingMin(lookback);
        this.atr = new Atr(atrPeriod);
        this.stopAtr = stopAtr;
        this.targetAtr = targetAtr;
    }

    @Override
    public int warmupCandles() {
        return Math.max(highs.warmupPeriod(), atr.warmupPeriod()) + 1;
    }

    @Override
    public Signal onCandle(Candle c, StrategyPosition position) {
        // compare with the channel of the candles before this one, then add this one
        double top = highs.value();
        double bottom = lows.value();
        boolean ready = highs.isReady() && atr.isReady();
        highs.update(c.high());
        lows.update(c.low());
        atr.update(c.high(), c.low(), c.close());
        if (!ready || !(atr.value() > 0)) {
            return null;
        }
        double a = atr.value();
        // the position is this strategy's own, as the ledger holds it: no second entry on the side it holds
        if (c.close() > top && !position.is(Side.BUY)) {
            return Signal.entry(name, symbol, Side.BUY, c.close(), c.close() - stopAtr * a, c.close() + targetAtr * a,
                    c.startMs(), "breakout above " + top);
        }
        if (c.close() < bottom && !position.is(Side.SELL)) {
            return Signal.entry(name, symbol, Side.SELL, c.close(), c.close() + stopAtr * a, c.close() - targetAtr * a,
                    c.startMs(), "breakout below " + bottom);
        }
        return null;
    }
}
