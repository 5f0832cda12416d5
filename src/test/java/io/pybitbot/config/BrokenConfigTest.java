package io.pybitbot.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.pybitbot.config.ConfigFixture.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each case copies the shipped configs, breaks exactly one thing, and checks that loading fails
 * with a problem naming the file, the JSON path and what was expected.
 */
class BrokenConfigTest {

    @TempDir
    Path tmp;

    /** How to break the copy. */
    interface Breakage extends Consumer<ConfigFixture> {
    }

    static Breakage json(String file, Consumer<ObjectNode> change) {
        return f -> f.edit(file, change);
    }

    static Arguments broken(String name, Breakage breakage, String file, String where, String... mentions) {
        return Arguments.of(name, breakage, file, where, List.of(mentions));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                broken("missing file", f -> f.delete("execution.json"),
                        "execution.json", "", "not found"),
                broken("malformed JSON", f -> f.write("general.json", "{\n  \"mode\": \"sim\",\n  \"symbols\": [\"BTCUSDT\" \"ETHUSDT\"]\n}\n"),
                        "general.json", "line 3, column", "malformed JSON"),
                broken("duplicate JSON key", f -> f.write("indicators.json", "{\"timeframes\": {}, \"timeframes\": {}}"),
                        "indicators.json", "line 1, column", "timeframes"),
                broken("empty file", f -> f.write("strategy.json", "  \n"),
                        "strategy.json", "", "empty"),
                broken("root is an array", f -> f.write("execution.json", "[1, 2]"),
                        "execution.json", "$", "expected an object"),
                broken("misspelled top-level key", json("execution.json", n -> n.set("leverge", n.remove("leverage"))),
                        "execution.json", "$.leverge", "unknown key 'leverge'", "did you mean 'leverage'?"),
                broken("misspelled nested key", json("execution.json", n -> {
                            ObjectNode risk = obj(n, "risk");
                            risk.set("max_drawdown_pc", risk.remove("max_drawdown_pct"));
                        }),
                        "execution.json", "$.risk.max_drawdown_pc", "did you mean 'max_drawdown_pct'?"),
                broken("wrong type: string for number", json("execution.json", n -> n.put("leverage", "5")),
                        "execution.json", "$.leverage", "found \"5\"", "expected a number in [1, 100]"),
                broken("wrong type: number for boolean", json("strategy.json", n -> obj(n, "strategies", "strategy_a").put("enabled", 1)),
                        "strategy.json", "$.strategies.strategy_a.enabled", "found 1", "true or false"),
                broken("percentage out of range", json("execution.json", n -> obj(n, "risk").put("max_drawdown_pct", 1.5)),
                        "execution.json", "$.risk.max_drawdown_pct", "found 1.5", "(0, 1]"),
                broken("equity jump bound of zero", json("execution.json", n -> obj(n, "risk").put("max_equity_jump_pct", 0)),
                        "execution.json", "$.risk.max_equity_jump_pct", "found 0", "(0, 10]"),
                broken("position jump factor below one", json("execution.json",
                                n -> obj(n, "risk").put("max_position_jump_factor", 0.5)),
                        "execution.json", "$.risk.max_position_jump_factor", "found 0.5", "[1, 1000]"),
                broken("leverage out of range", json("execution.json", n -> n.put("leverage", 150)),
                        "execution.json", "$.leverage", "found 150", "[1, 100]"),
                broken("period zero", json("indicators.json", n -> obj(n, "timeframes", "5").put("atr", 0)),
                        "indicators.json", "$.timeframes['5'].atr", "found 0", "[1, 5000]"),
                broken("sma fast not below slow", json("indicators.json", n -> obj(n, "timeframes", "5").put("sma_fast", 30)),
                        "indicators.json", "$.timeframes['5'].sma_fast", "found 30", "less than sma_slow (30)"),
                broken("macd fast not below slow", json("indicators.json", n -> obj(n, "timeframes", "5", "macd").put("fast", 40)),
                        "indicators.json", "$.timeframes['5'].macd.fast", "found 40", "less than slow (26)"),
                broken("unknown strategy", json("strategy.json", n -> obj(n, "strategies").set("strategy_x",
                                obj(n, "strategies", "strategy_b").deepCopy())),
                        "strategy.json", "$.strategies.strategy_x", "unknown strategy 'strategy_x'", "strategy_a, strategy_b"),
                broken("misspelled strategy param", json("strategy.json", n -> {
                            ObjectNode p = obj(n, "strategies", "strategy_b", "params");
                            p.set("stop_atr_multipel", p.remove("stop_atr_multiple"));
                        }),
                        "strategy.json", "$.strategies.strategy_b.params.stop_atr_multipel", "did you mean 'stop_atr_multiple'?"),
                broken("strategy param out of range", json("strategy.json", n -> obj(n, "strategies", "strategy_a", "params").put("entry_threshold", 0)),
                        "strategy.json", "$.strategies.strategy_a.params.entry_threshold", "found 0", "(0, 1]"),
                broken("duplicate symbol", json("general.json", n -> ((ArrayNode) n.get("symbols")).add("BTCUSDT")),
                        "general.json", "$.symbols[2]", "duplicate symbol \"BTCUSDT\""),
                broken("lower-case symbol", json("general.json", n -> ((ArrayNode) n.get("symbols")).set(1, "ethusdt")),
                        "general.json", "$.symbols[1]", "found \"ethusdt\"", "did you mean 'ETHUSDT'?"),
                broken("non-USDT symbol", json("general.json", n -> ((ArrayNode) n.get("symbols")).add("BTCUSD")),
                        "general.json", "$.symbols[2]", "found \"BTCUSD\"", "ending in USDT"),
                broken("empty symbols", json("general.json", n -> n.putArray("symbols")),
                        "general.json", "$.symbols", "empty array"),
                broken("bad interval code", json("general.json", n -> ((ArrayNode) n.get("timeframes")).add("7")),
                        "general.json", "$.timeframes[1]", "found \"7\"", "Bybit interval code"),
                broken("bad strategy interval code", json("strategy.json", n -> obj(n, "strategies", "strategy_b").put("timeframe", "5m")),
                        "strategy.json", "$.strategies.strategy_b.timeframe", "found \"5m\"", "Bybit interval code"),
                broken("strategy timeframe not in general", json("strategy.json", n -> obj(n, "strategies", "strategy_b").put("timeframe", "15")),
                        "strategy.json", "$.strategies.strategy_b.timeframe", "found \"15\"", "general.json $.timeframes"),
                broken("strategy symbol not in general", json("strategy.json", n -> obj(n, "strategies", "strategy_a").putArray("symbols").add("SOLUSDT")),
                        "strategy.json", "$.strategies.strategy_a.symbols[0]", "found \"SOLUSDT\"", "general.json $.symbols"),
                broken("timeframe with enabled strategy but no indicators", f -> {
                            f.edit("indicators.json", n -> n.remove("default")); // the shipped default covers any
                            f.edit("general.json", n -> ((ArrayNode) n.get("timeframes")).add("15"));
                            f.edit("strategy.json", n -> obj(n, "strategies", "strategy_b").put("timeframe", "15"));
                        },
                        "indicators.json", "$.timeframes", "no entry for timeframe \"15\"", "strategy_b"),
                broken("bad indicators timeframe key", json("indicators.json", n -> obj(n, "timeframes").set("6",
                                obj(n, "timeframes", "5").deepCopy())),
                        "indicators.json", "$.timeframes['6']", "found timeframe key \"6\""),
                broken("unknown mode", json("general.json", n -> n.put("mode", "paperr")),
                        "general.json", "$.mode", "found \"paperr\"", "sim|paper|testnet|live", "did you mean 'paper'?"),
                broken("category not linear", json("general.json", n -> n.put("category", "spot")),
                        "general.json", "$.category", "found \"spot\"", "linear"),
                broken("live mode without keys", json("general.json", n -> n.put("mode", "live")),
                        "general.json", "$.mode", "mode \"live\" needs BYBIT_API_KEY"),
                broken("testnet mode without secret", f -> {
                            f.edit("general.json", n -> n.put("mode", "testnet"));
                            f.env("BYBIT_API_KEY=somekey\n");
                        },
                        "general.json", "$.mode", "mode \"testnet\" needs BYBIT_API_SECRET"),
                broken("symbol exposure above total", json("execution.json", n -> obj(n, "risk").put("max_symbol_exposure_pct", 3.0)),
                        "execution.json", "$.risk.max_symbol_exposure_pct", "found 3", "at most $.risk.max_total_exposure_pct (2)"),
                broken("daily loss above drawdown", json("execution.json", n -> obj(n, "risk").put("daily_loss_limit_pct", 0.3)),
                        "execution.json", "$.risk.daily_loss_limit_pct", "found 0.3", "at most $.risk.max_drawdown_pct (0.2)"),
                broken("total exposure above leverage", json("execution.json", n -> n.put("leverage", 1)),
                        "execution.json", "$.risk.max_total_exposure_pct", "found 2", "at most $.leverage (1)"),
                broken("percent stops without take profit", json("execution.json", n -> {
                            obj(n, "tpsl_manager").put("stop_mode", "percent");
                            obj(n, "tpsl_manager").put("take_profit_pct", 0);
                        }),
                        "execution.json", "$.tpsl_manager.take_profit_pct", "found 0", "stop_mode is \"percent\""),
                broken("trailing distance not below activation", json("execution.json", n ->
                                obj(n, "tpsl_manager", "trailing").put("distance_atr_multiple", 1.5)),
                        "execution.json", "$.tpsl_manager.trailing.distance_atr_multiple", "found 1.5", "less than"),
                broken("status port out of range", json("general.json", n -> obj(n, "system", "status").put("port", 0)),
                        "general.json", "$.system.status.port", "found 0", "[1, 65535]"),
                broken("bad sizing mode", json("execution.json", n -> obj(n, "sizing").put("mode", "risk_per_trades")),
                        "execution.json", "$.sizing.mode", "did you mean 'risk_per_trade'?"),
                broken("signal age limit above one interval", json("general.json", n -> obj(n, "system").put("max_signal_age_fraction", 2)),
                        "general.json", "$.system.max_signal_age_fraction", "found 2", "(0, 1]"),
                broken("signal age limit not a number", json("general.json", n -> obj(n, "system").put("max_signal_age_fraction", "fast")),
                        "general.json", "$.system.max_signal_age_fraction", "expected a number"),
                broken("bad log level", json("general.json", n -> obj(n, "system").put("log_level", "VERBOSE")),
                        "general.json", "$.system.log_level", "found \"VERBOSE\"", "TRACE|DEBUG|INFO|WARN|ERROR|OFF"),
                broken("integer expected, fraction found", json("execution.json", n -> obj(n, "risk").put("max_open_positions", 2.5)),
                        "execution.json", "$.risk.max_open_positions", "found 2.5", "an integer"),
                broken("backfill shorter than indicator warm-up", json("general.json", n -> obj(n, "system").put("backfill_candles", 50)),
                        "general.json", "$.system.backfill_candles", "found 50", "expected at least 100"),
                broken("rsi levels inverted", json("indicators.json", n -> obj(n, "timeframes", "5", "rsi").put("oversold", 80)),
                        "indicators.json", "$.timeframes['5'].rsi.oversold", "found 80", "below overbought (70)"),
                broken("strategy without enabled flag", json("strategy.json", n -> obj(n, "strategies", "strategy_b").remove("enabled")),
                        "strategy.json", "$.strategies.strategy_b.enabled", "missing", "true or false"),
                broken("all strategy_a weights zero", json("strategy.json", n -> {
                            ObjectNode w = obj(n, "strategies", "strategy_a", "params", "weights");
                            w.put("trend", 0).put("momentum", 0).put("bands", 0).put("strength", 0);
                        }),
                        "strategy.json", "$.strategies.strategy_a.params.weights", "at least one weight > 0"),
                broken("BYBIT_TESTNET not boolean", f -> f.env("# flag\nBYBIT_TESTNET=yes\n"),
                        ".env", "line 2", "BYBIT_TESTNET: found \"yes\"", "true or false"),
                broken("malformed .env line", f -> f.env("# keys\nBYBIT_API_KEY\n"),
                        ".env", "line 2", "expected KEY=VALUE")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsFileFieldAndExpectation(String name, Breakage breakage, String file, String where, List<String> mentions) {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        breakage.accept(f);

        ConfigException e = assertThrows(ConfigException.class, f::load, name);

        ConfigProblem match = e.problems().stream()
                .filter(p -> p.file().equals(file) && p.where().startsWith(where)
                        && mentions.stream().allMatch(m -> p.message().contains(m)))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no problem in " + file + " at " + where
                        + " mentioning " + mentions + "; got:\n" + e.getMessage()));
        assertTrue(e.getMessage().contains(match.render()), "the exception message lists the problem");
    }

    @Test
    void atLeastTwentyFiveDistinctBreakages() {
        assertTrue(cases().count() >= 25);
        assertEquals(cases().count(), cases().map(a -> a.get()[0]).distinct().count(), "case names are unique");
    }

    @Test
    void reportsEveryProblemAtOnceAcrossFiles() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        f.edit("general.json", n -> obj(n, "system", "status").put("port", 99999));
        f.edit("execution.json", n -> n.put("leverage", 0));
        f.edit("strategy.json", n -> obj(n, "strategies", "strategy_a", "params").put("min_adx", -1));
        f.edit("indicators.json", n -> obj(n, "timeframes", "5").put("vwap", "48"));

        ConfigException e = assertThrows(ConfigException.class, f::load);

        assertEquals(List.of("general.json: $.system.status.port", "strategy.json: $.strategies.strategy_a.params.min_adx",
                        "execution.json: $.leverage", "indicators.json: $.timeframes['5'].vwap"),
                e.problems().stream().map(p -> p.file() + ": " + p.where()).toList());
        assertTrue(e.getMessage().startsWith("4 configuration problems"));
    }

    @Test
    void liveModeLoadsWithKeysFromTheEnvironment() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        f.edit("general.json", n -> n.put("mode", "live"));

        AppConfig c = f.load(Map.of("BYBIT_API_KEY", "k-123", "BYBIT_API_SECRET", "s-456"));

        assertEquals(TradingMode.LIVE, c.general().mode());
        assertEquals("k-123", c.credentials().apiKey().orElseThrow().reveal());
    }

    @Test
    void testnetFlagContradictingLiveModeIsRejected() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        f.edit("general.json", n -> n.put("mode", "live"));
        f.env("BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_TESTNET=true\n");

        ConfigException e = assertThrows(ConfigException.class, f::load);

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().contains("contradicts BYBIT_TESTNET=true"), e.getMessage());
    }
}
