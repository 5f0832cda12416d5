package io.pybitbot.bench;

import io.pybitbot.backtest.BacktestEngine;
import io.pybitbot.backtest.BacktestResult;
import io.pybitbot.config.IndicatorParams;
import io.pybitbot.config.StrategySchemas;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Interval;
import io.pybitbot.fill.FeeSchedule;
import io.pybitbot.fill.FillModel;
import io.pybitbot.fill.FillSettings;
import io.pybitbot.risk.RiskLimits;
import io.pybitbot.risk.RiskRules;
import io.pybitbot.risk.SizingRule;
import io.pybitbot.strategy.StrategyContext;
import io.pybitbot.strategy.StrategyParams;
import io.pybitbot.strategy.StrategyRegistry;
import io.pybitbot.tpsl.TpSlRules;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Candles per second through a whole backtest on one core: the engine (fills, stops, portfolio,
 * risk, equity curve) plus one strategy, on one million seeded synthetic one-minute candles with the
 * shipped default parameters. One JMH operation is one candle, so the score is candles per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class BacktestBenchmark {

    static final int CANDLES = 1_000_000;

    @Param({"strategy_b", "strategy_a"})
    public String strategy;

    private CandleSeries series;
    private BacktestEngine engine;
    private StrategyRegistry registry;

    @Setup
    public void setup() {
        series = SyntheticData.generate("BTCUSDT", Interval.M1, 7, 1_700_000_000_000L, CANDLES, 30_000);
        engine = new BacktestEngine(new BacktestEngine.Settings(new BigDecimal("10000"),
                new RiskRules(new RiskLimits(4, 2, 1, 0.05, 0.5, Duration.ofMinutes(15), false),
                        SizingRule.riskPerTrade(0.01, new BigDecimal("5"))),
                TpSlRules.signalOnly(), new FillModel(new FillSettings(2, FeeSchedule.BYBIT_DEFAULT))));
        registry = StrategyRegistry.load();
    }

    @Benchmark
    @OperationsPerInvocation(CANDLES)
    public int backtest() {
        StrategyParams params = StrategyParams.of(strategy, IndicatorParams.defaults().asMap(),
                (strategy.equals("strategy_a") ? StrategySchemas.strategyA() : StrategySchemas.strategyB()).defaults().asMap());
        var s = registry.create(new StrategyContext(strategy, "BTCUSDT", Interval.M1, params));
        BacktestResult r = engine.run(List.of(new BacktestEngine.SymbolInput(series,
                Instruments.forSymbol("BTCUSDT", 30_000), List.of(new BacktestEngine.StrategySlot(strategy, Interval.M1, s)),
                14)), "bench", null);
        return r.trades().size();
    }
}
