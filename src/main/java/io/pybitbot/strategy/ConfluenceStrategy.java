package io.pybitbot.strategy;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import io.pybitbot.domain.StrategyPosition;
import io.pybitbot.indicator.Adx;
import io.pybitbot.indicator.Atr;
import io.pybitbot.indicator.BollingerBands;
import io.pybitbot.indicator.Ema;
import io.pybitbot.indicator.Macd;
import io.pybitbot.indicator.Rsi;

/**
 * strategy_a: multi-indicator confluence. Four groups each vote in [-1, +1] (positive = bullish):
 *
 * <ul>
 *   <li><b>trend</b>: mean of sign(EMA fast - EMA slow) and sign(close - EMA trend);</li>
 *   <li><b>momentum</b>: mean of the RSI vote (+1 above 50, -1 below, 0 in the overbought/oversold zones,
 *       where a move is exhausted) and sign(MACD histogram);</li>
 *   <li><b>bands</b>: Bollinger %B: +1 in the upper half of the bands, -1 in the lower half, 0 outside
 *       the bands (over-extended);</li>
 *   <li><b>strength</b>: sign(+DI - -DI) when ADX is at least {@code min_adx}, else 0 (no trend).</li>
 * </ul>
 *
 * The score is the weighted mean of the votes. A long entry fires when the score rises to
 * {@code entry_threshold} or above (a short when it falls to {@code -entry_threshold} or below); only the
 * crossing candle fires, not every candle that stays beyond the threshold, and not while it already holds that
 * side. While it holds a position (as the ledger says: a denied entry holds none), it signals an exit of that
 * side when the score crosses zero against it. Stop-loss and take-profit are ATR multiples from the close.
 */
public final class ConfluenceStrategy implements Strategy {

    public record Params(int emaFast, int emaSlow, int emaTrend, int rsiPeriod, double rsiOverbought,
                         double rsiOversold, int macdFast, int macdSlow, int macdSignal, int bbPeriod, double bbStdDev,
                         int adxPeriod, double minAdx, int atrPeriod, double weightTrend, double weightMomentum,
                         double weightBands, double weightStrength, double entryThreshold, double stopAtrMultiple,
                         double targetAtrMultiple) {
        public Params {
            if (emaFast < 1 || emaSlow <= emaFast) {
                throw new IllegalArgumentException("need 1 <= ema_fast < ema_slow, got " + emaFast + " and " + emaSlow);
            }
            if (!(rsiOversold > 0 && rsiOversold < 50 && rsiOverbought > 50 && rsiOverbought < 100)) {
                throw new IllegalArgumentException("need 0 < rsi oversold < 50 < overbought < 100, got "
                        + rsiOversold + " and " + rsiOverbought);
            }
            double weights = weightTrend + weightMomentum + weightBands + weightStrength;
            if (weightTrend < 0 || weightMomentum < 0 || weightBands < 0 || weightStrength < 0 || !(weights > 0)) {
                throw new IllegalArgumentException("weights must be >= 0 with a positive sum");
            }
            if (!(entryThreshold > 0 && entryThreshold <= 1)) {
                throw new IllegalArgumentException("entry_threshold must be in (0, 1], got " + entryThreshold);
            }
            if (!(stopAtrMultiple > 0) || !(targetAtrMultiple > 0)) {
                throw new IllegalArgumentException("stop and target ATR multiples must be > 0");
            }
        }
    }

    private final String name;
    private final String symbol;
    private final Params p;
    private final double weightSum;
    private final Ema emaFast;
    private final Ema emaSlow;
    private final Ema emaTrend;
    private final Rsi rsi;
    private final Macd macd;
    private final BollingerBands bands;
    private final Adx adx;
    private final Atr atr;
    private double prevScore = Double.NaN;

    public ConfluenceStrategy(String name, String symbol, Params params) {
        this.name = name;
        this.symbol = symbol;
        this.p = params;
        this.weightSum = params.weightTrend() + params.weightMomentum() + params.weightBands() + params.weightStrength();
        this.emaFast = new Ema(params.emaFast());
        this.emaSlow = new Ema(params.emaSlow());
        this.emaTrend = new Ema(params.emaTrend());
        this.rsi = new Rsi(params.rsiPeriod());
        this.macd = new Macd(params.macdFast(), params.macdSlow(), params.macdSignal());
        this.bands = new BollingerBands(params.bbPeriod(), params.bbStdDev());
        this.adx = new Adx(params.adxPeriod());
        this.atr = new Atr(params.atrPeriod());
    }

    @Override
    public int warmupCandles() {
        int w = Math.max(emaTrend.warmupPeriod(), Math.max(emaSlow.warmupPeriod(), rsi.warmupPeriod()));
        w = Math.max(w, Math.max(macd.warmupPeriod(), bands.warmupPeriod()));
        w = Math.max(w, Math.max(adx.warmupPeriod(), atr.warmupPeriod()));
        return w + 1;
    }

    @Override
    public void priceLines(java.util.function.ObjDoubleConsumer<String> sink) {
        sink.accept("EMA " + p.emaFast(), emaFast.isReady() ? emaFast.value() : Double.NaN);
        sink.accept("EMA " + p.emaSlow(), emaSlow.isReady() ? emaSlow.value() : Double.NaN);
        sink.accept("EMA " + p.emaTrend(), emaTrend.isReady() ? emaTrend.value() : Double.NaN);
        sink.accept("BB upper", bands.isReady() ? bands.upper() : Double.NaN);
        sink.accept("BB lower", bands.isReady() ? bands.lower() : Double.NaN);
    }

    @Override
    public void oscillatorLines(java.util.function.ObjDoubleConsumer<String> sink) {
        sink.accept("RSI " + p.rsiPeriod(), rsi.isReady() ? rsi.value() : Double.NaN);
        sink.accept("ADX " + p.adxPeriod(), adx.isReady() ? adx.value() : Double.NaN);
    }

    @Override
    public Signal onCandle(Candle c, StrategyPosition position) {
        double close = c.close();
        emaFast.update(close);
        emaSlow.update(close);
        emaTrend.update(close);
        rsi.update(close);
        macd.update(close);
        bands.update(close);
        adx.update(c.high(), c.low(), close);
        atr.update(c.high(), c.low(), close);
        if (!(emaTrend.isReady() && emaSlow.isReady() && rsi.isReady() && macd.isReady() && bands.isReady()
                && adx.isReady() && atr.isReady())) {
            return null;
        }
        double score = score(close);
        double prev = prevScore;
        prevScore = score;
        if (Double.isNaN(prev)) {
            return null;
        }
        // exits only for a position it holds: an entry that was denied or already stopped out has nothing to close
        if (position.is(Side.BUY) && score <= 0 && prev > 0) {
            return Signal.exit(name, symbol, Side.BUY, close, c.startMs(), "confluence turned bearish " + fmt(score));
        }
        if (position.is(Side.SELL) && score >= 0 && prev < 0) {
            return Signal.exit(name, symbol, Side.SELL, close, c.startMs(), "confluence turned bullish " + fmt(score));
        }
        double a = atr.value();
        if (!(a > 0)) {
            return null;
        }
        double t = p.entryThreshold();
        if (score >= t && prev < t && !position.is(Side.BUY)) {
            return Signal.entry(name, symbol, Side.BUY, close, close - p.stopAtrMultiple() * a,
                    close + p.targetAtrMultiple() * a, c.startMs(), "confluence long " + fmt(score));
        }
        if (score <= -t && prev > -t && !position.is(Side.SELL)) {
            return Signal.entry(name, symbol, Side.SELL, close, close + p.stopAtrMultiple() * a,
                    close - p.targetAtrMultiple() * a, c.startMs(), "confluence short " + fmt(score));
        }
        return null;
    }

    /** Weighted mean of the four votes, in [-1, 1]. */
    double score(double close) {
        double trend = (Math.signum(emaFast.value() - emaSlow.value()) + Math.signum(close - emaTrend.value())) / 2;
        double r = rsi.value();
        double rsiVote = r >= p.rsiOverbought() || r <= p.rsiOversold() ? 0 : Math.signum(r - 50);
        double momentum = (rsiVote + Math.signum(macd.histogram())) / 2;
        double pb = bands.percentB();
        double bandVote = pb > 1 || pb < 0 || Double.isNaN(pb) ? 0 : Math.signum(pb - 0.5);
        double strength = adx.adx() >= p.minAdx() ? Math.signum(adx.plusDi() - adx.minusDi()) : 0;
        return (p.weightTrend() * trend + p.weightMomentum() * momentum + p.weightBands() * bandVote
                + p.weightStrength() * strength) / weightSum;
    }

    private static String fmt(double score) {
        return "score=" + Math.round(score * 100) / 100.0;
    }
}
