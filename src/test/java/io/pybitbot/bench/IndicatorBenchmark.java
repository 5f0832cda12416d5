package io.pybitbot.bench;

import io.pybitbot.indicator.Adx;
import io.pybitbot.indicator.Atr;
import io.pybitbot.indicator.BollingerBands;
import io.pybitbot.indicator.Ema;
import io.pybitbot.indicator.Macd;
import io.pybitbot.indicator.RollingMax;
import io.pybitbot.indicator.RollingMin;
import io.pybitbot.indicator.RollingVwap;
import io.pybitbot.indicator.Rsi;
import io.pybitbot.indicator.Sma;
import io.pybitbot.indicator.StdDev;
import io.pybitbot.indicator.Stochastic;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per indicator update over a pre-generated, realistic price path (a seeded random walk
 * with volatility regimes around 30,000). Each benchmark op is one update; a method processes the
 * whole path per invocation and sums the outputs so the JIT cannot drop the work.
 *
 * <p>Run: see "Benchmarks" in README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IndicatorBenchmark {

    private static final int CANDLES = 8_192;

    private final double[] high = new double[CANDLES];
    private final double[] low = new double[CANDLES];
    private final double[] close = new double[CANDLES];
    private final double[] volume = new double[CANDLES];

    private Sma sma20;
    private Sma sma200;
    private Ema ema20;
    private Rsi rsi14;
    private StdDev stdDev20;
    private RollingMax max20;
    private RollingMin min200;
    private Macd macd;
    private Atr atr14;
    private BollingerBands bollinger;
    private Stochastic stochastic;
    private Adx adx14;
    private RollingVwap vwap20;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20_240_601L);
        double price = 30_000;
        double volatility = 0.001;
        for (int i = 0; i < CANDLES; i++) {
            if (i % 500 == 0) {
                volatility = 0.0003 + random.nextDouble() * 0.003; // a new regime
            }
            double open = price;
            price *= Math.exp(volatility * random.nextGaussian());
            double wick = price * volatility * Math.abs(random.nextGaussian());
            close[i] = price;
            high[i] = Math.max(open, price) + wick;
            low[i] = Math.min(open, price) - wick * random.nextDouble();
            volume[i] = 1 + 50 * random.nextDouble();
        }
        sma20 = new Sma(20);
        sma200 = new Sma(200);
        ema20 = new Ema(20);
        rsi14 = new Rsi(14);
        stdDev20 = new StdDev(20);
        max20 = new RollingMax(20);
        min200 = new RollingMin(200);
        macd = new Macd(12, 26, 9);
        atr14 = new Atr(14);
        bollinger = new BollingerBands(20, 2);
        stochastic = new Stochastic(14, 3);
        adx14 = new Adx(14);
        vwap20 = new RollingVwap(20);
        // warm every indicator up once so the measured path is the steady state
        allIndicators();
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double sma20() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += sma20.update(close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double sma200() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += sma200.update(close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double ema20() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += ema20.update(close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double rsi14() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += rsi14.update(close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double stdDev20() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += stdDev20.update(close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double rollingMax20() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += max20.update(high[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double rollingMin200() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += min200.update(low[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double macd12_26_9() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            macd.update(close[i]);
            acc += macd.histogram();
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double atr14() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += atr14.update(high[i], low[i], close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double bollinger20_2() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            bollinger.update(close[i]);
            acc += bollinger.percentB();
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double stochastic14_3() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            stochastic.update(high[i], low[i], close[i]);
            acc += stochastic.d();
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double adx14() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += adx14.update(high[i], low[i], close[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double rollingVwap20() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            acc += vwap20.update(high[i], low[i], close[i], volume[i]);
        }
        return acc;
    }

    /** One candle through all thirteen indicators above, as a multi-indicator strategy would do. */
    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public double allIndicators() {
        double acc = 0;
        for (int i = 0; i < CANDLES; i++) {
            double h = high[i];
            double l = low[i];
            double c = close[i];
            acc += sma20.update(c) + sma200.update(c) + ema20.update(c) + rsi14.update(c) + stdDev20.update(c)
                    + max20.update(h) + min200.update(l) + macd.update(c) + atr14.update(h, l, c)
                    + bollinger.update(c) + stochastic.update(h, l, c) + adx14.update(h, l, c)
                    + vwap20.update(h, l, c, volume[i]);
        }
        return acc;
    }
}
