package io.pybitbot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static io.pybitbot.config.ConfigFixture.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StrategyRegistryTest {

    @TempDir
    Path tmp;

    private static final StrategyParamsSpec BREAKOUT = StrategyParamsSpec.builder()
            .integer("lookback", 20, 2, 500, "candles in the channel")
            .flag("allow_short", true, "also trade breakdowns")
            .number("stop_atr_multiple", 1.5, 0, false, 50, "stop distance in ATRs")
            .number("target_atr_multiple", 2.0, 0, false, 100, "target distance in ATRs")
            .rule("target_atr_multiple", "more than stop_atr_multiple",
                    p -> p.number("target_atr_multiple") > p.number("stop_atr_multiple"))
            .build();

    private ConfigFixture withBreakout(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> params) {
        return ConfigFixture.copyOfShipped(tmp).edit("strategy.json", n -> {
            var s = obj(n, "strategies").putObject("breakout");
            s.put("enabled", true).put("timeframe", "5").putArray("symbols").add("ETHUSDT");
            params.accept(s.putObject("params"));
        });
    }

    private AppConfig load(ConfigFixture f) {
        return new ConfigLoader(StrategySchemas.builtIn().with("breakout", BREAKOUT), Map.of(), new Properties(), tmp)
                .load(f.configDir, f.envFile);
    }

    @Test
    void aRegisteredStrategyIsAcceptedWithDefaultsFilledIn() {
        StrategyConfig s = load(withBreakout(p -> p.put("lookback", 55))).strategies().enabled().get("breakout");

        assertEquals(55, s.params().integer("lookback"));
        assertEquals(BREAKOUT.defaults().flag("allow_short"), s.params().flag("allow_short"));
        assertEquals(java.util.List.of("ETHUSDT"), s.symbols());
    }

    @Test
    void itsSchemaAndRulesAreEnforced() {
        ConfigFixture f = withBreakout(p -> p.put("lookback", 1).put("allow_short", "yes"));
        ConfigException e = assertThrows(ConfigException.class, () -> load(f));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).render().startsWith("strategy.json: $.strategies.breakout.params.lookback: found 1"));
        assertTrue(e.problems().get(1).render().startsWith("strategy.json: $.strategies.breakout.params.allow_short: found \"yes\""));

        ConfigFixture g = withBreakout(p -> p.put("target_atr_multiple", 1.0));
        ConfigException e2 = assertThrows(ConfigException.class, () -> load(g));
        assertEquals("strategy.json: $.strategies.breakout.params.target_atr_multiple: found 1.0, expected more than stop_atr_multiple",
                e2.problems().get(0).render());
    }

    @Test
    void withoutRegistrationTheNameIsUnknown() {
        ConfigFixture f = withBreakout(p -> { });
        ConfigException e = assertThrows(ConfigException.class, f::load);
        assertTrue(e.problems().get(0).message().startsWith("unknown strategy 'breakout'"));
    }

    @Test
    void paramsAskedForButNotDeclaredFailLoudly() {
        ParamValues p = StrategySchemas.strategyB().defaults();
        assertThrows(IllegalArgumentException.class, () -> p.number("entry_threshold"));
        assertThrows(IllegalArgumentException.class, () -> p.integer("stop_atr_multiple"));
    }

    @Test
    void describeListsEveryParameterForTheDocs() {
        var lines = StrategySchemas.strategyA().describe();
        assertTrue(lines.contains("weights.trend: number in [0, 10], default 1.0 - weight of the trend vote (EMA fast/slow and trend EMA)"),
                lines.toString());
        assertEquals(9, lines.size(), lines.toString());
    }
}
