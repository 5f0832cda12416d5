package io.pybitbot.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/** All strategy providers on the classpath, by name (built-in and user ones, via ServiceLoader). */
public final class StrategyRegistry {
    private final Map<String, StrategyProvider> providers;

    private StrategyRegistry(Map<String, StrategyProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** Discovers providers with the context class loader; a duplicate name is a configuration error. */
    public static StrategyRegistry load() {
        return load(Thread.currentThread().getContextClassLoader());
    }

    public static StrategyRegistry load(ClassLoader loader) {
        Map<String, StrategyProvider> map = new LinkedHashMap<>();
        for (StrategyProvider p : ServiceLoader.load(StrategyProvider.class, loader)) {
            StrategyProvider prev = map.putIfAbsent(p.name(), p);
            if (prev != null && prev.getClass() != p.getClass()) {
                throw new IllegalStateException("two strategy providers are named '" + p.name() + "': "
                        + prev.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new StrategyRegistry(map);
    }

    public static StrategyRegistry of(StrategyProvider... ps) {
        Map<String, StrategyProvider> map = new LinkedHashMap<>();
        for (StrategyProvider p : ps) {
            map.put(p.name(), p);
        }
        return new StrategyRegistry(map);
    }

    public Set<String> names() {
        return providers.keySet();
    }

    /** The class that provides {@code name} (a built-in or one found on the classpath). */
    public String providerClass(String name) {
        StrategyProvider p = providers.get(name);
        return p == null ? "" : p.getClass().getName();
    }

    /** The parameter schemas of every provider, for validating {@code strategy.json}. */
    public io.pybitbot.config.StrategySchemas schemas() {
        Map<String, io.pybitbot.config.StrategyParamsSpec> specs = new LinkedHashMap<>();
        providers.forEach((name, p) -> specs.put(name, p.paramsSpec()));
        return io.pybitbot.config.StrategySchemas.of(specs);
    }

    /**
     * Builds the configured strategy for one symbol: its {@code params} merged over the indicator
     * parameters of its timeframe.
     */
    public Strategy create(io.pybitbot.config.AppConfig config, io.pybitbot.config.StrategyConfig strategy, String symbol) {
        StrategyParams params = StrategyParams.of(strategy.name(),
                config.indicators().forTimeframe(strategy.timeframe()).asMap(), strategy.params().asMap());
        return create(new StrategyContext(strategy.name(), symbol, strategy.timeframe(), params));
    }

    public Strategy create(StrategyContext ctx) {
        StrategyProvider p = providers.get(ctx.name());
        if (p == null) {
            throw new IllegalArgumentException("unknown strategy '" + ctx.name() + "'; known: " + names());
        }
        return p.create(ctx);
    }
}
