package io.pybitbot.strategy;

/**
 * Makes strategies of one kind, found by name in {@code configs/strategy.json}. Built-in providers and
 * user providers alike are discovered with {@link java.util.ServiceLoader}: list the implementation class
 * in {@code META-INF/services/io.pybitbot.strategy.StrategyProvider} of a jar on the classpath.
 */
public interface StrategyProvider {

    /** The name used as the key under {@code strategies} in {@code strategy.json}, e.g. {@code strategy_b}. */
    String name();

    /** A new, independent instance for one symbol. */
    Strategy create(StrategyContext context);
}
