package io.pybitbot.strategy;

/** The providers of the two strategies that ship with the bot, registered in META-INF/services. */
public final class BuiltinStrategies {
    private BuiltinStrategies() {
    }

    /** strategy_a: {@link ConfluenceStrategy}. */
    public static final class StrategyA implements StrategyProvider {
        @Override
        public String name() {
            return "strategy_a";
        }

        @Override
        public io.pybitbot.config.StrategyParamsSpec paramsSpec() {
            return io.pybitbot.config.StrategySchemas.strategyA();
        }

        @Override
        public Strategy create(StrategyContext ctx) {
            StrategyParams p = ctx.params();
            return new ConfluenceStrategy(ctx.name(), ctx.symbol(), new ConfluenceStrategy.Params(
                    p.getInt("ema_fast"), p.getInt("ema_slow"), p.getInt("ema_trend"),
                    p.getInt("rsi.period"), p.getDouble("rsi.overbought"), p.getDouble("rsi.oversold"),
                    p.getInt("macd.fast"), p.getInt("macd.slow"), p.getInt("macd.signal"),
                    p.getInt("bollinger.period"), p.getDouble("bollinger.stddev"),
                    p.getInt("adx"), p.getDouble("min_adx"), p.getInt("atr"),
                    p.getDouble("weights.trend"), p.getDouble("weights.momentum"), p.getDouble("weights.bands"),
                    p.getDouble("weights.strength"), p.getDouble("entry_threshold"),
                    p.getDouble("stop_atr_multiple"), p.getDouble("target_atr_multiple")));
        }
    }

    /** strategy_b: {@link SmaCrossStrategy}. */
    public static final class StrategyB implements StrategyProvider {
        @Override
        public String name() {
            return "strategy_b";
        }

        @Override
        public io.pybitbot.config.StrategyParamsSpec paramsSpec() {
            return io.pybitbot.config.StrategySchemas.strategyB();
        }

        @Override
        public Strategy create(StrategyContext ctx) {
            StrategyParams p = ctx.params();
            return new SmaCrossStrategy(ctx.name(), ctx.symbol(), new SmaCrossStrategy.Params(
                    p.getInt("sma_fast"), p.getInt("sma_slow"), p.getInt("atr"),
                    p.getDouble("stop_atr_multiple"), p.getDouble("target_atr_multiple")));
        }
    }
}
