package io.pybitbot.bench;

import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;

/**
 * The reference point for {@link BacktestBenchmark}: ta4j 0.17 backtesting the same SMA(10)/SMA(30)
 * crossover (long on cross up, out on cross down) on the same one million synthetic candles, with
 * DoubleNum (its fastest number type). Building the series is setup; only the backtest is timed.
 * ta4j models no stops, sizing, fees or portfolio here, so this flatters it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class Ta4jCrossoverBenchmark {

    private BarSeries series;

    @Setup
    public void setup() {
        CandleSeries s = SyntheticData.generate("BTCUSDT", Interval.M1, 7, 1_700_000_000_000L, BacktestBenchmark.CANDLES,
                30_000);
        series = new BaseBarSeriesBuilder().withName("BTCUSDT").withNumTypeOf(DoubleNum.class).build();
        for (Candle c : s.candles()) {
            series.addBar(Duration.ofMinutes(1), Instant.ofEpochMilli(c.startMs() + 60_000).atZone(ZoneOffset.UTC),
                    c.open(), c.high(), c.low(), c.close(), c.volume());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BacktestBenchmark.CANDLES)
    public int backtest() {
        // indicators are rebuilt per run so their caches start cold, like our fresh strategy instance
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        SMAIndicator fast = new SMAIndicator(close, 10);
        SMAIndicator slow = new SMAIndicator(close, 30);
        BaseStrategy strategy = new BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
                new CrossedDownIndicatorRule(fast, slow), 30);
        return new BarSeriesManager(series).run(strategy).getPositionCount();
    }
}
