package io.pybitbot.strategy;

/**
 * Makes strategies of one kind, found by name in {@code configs/strategy.json}. Built-in providers and
 * user providers alike are discovered with {@link java.util.ServiceLoader}: list the implementation class
 * in {@code META-INF/services/io.pybitbot.strategy.StrategyProvider} of a jar on the classpath.
 */
public interface StrategyProvider {

    /** The name used as the key under {@code strategies} in {@code strategy.json}, e.g. {@code strategy_b}. */
    String name();

    /**
     * The parameters this strategy accepts under {@code params} in {@code strategy.json}, with types,
     * ranges and defaults; {@code config check} validates against it and unknown keys are errors.
     * Indicator periods come from {@code indicators.json} and are not declared here.
     */
    default io.pybitbot.config.StrategyParamsSpec paramsSpec() {
        return io.pybitbot.config.StrategyParamsSpec.builder().build();
    }

    /** A new, independent instance for one symbol. */
    Strategy create(StrategyContext context);
}
