package io.pybitbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.domain.Interval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pybitbot.config.ConfigFixture.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configs shipped in the repository load, and every value lands in the right record field. */
class ShippedConfigTest {

    @TempDir
    Path tmp;

    private final ObjectNode general = ConfigFixture.readShipped("general.json");
    private final ObjectNode strategy = ConfigFixture.readShipped("strategy.json");
    private final ObjectNode execution = ConfigFixture.readShipped("execution.json");
    private final ObjectNode indicators = ConfigFixture.readShipped("indicators.json");

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void shippedConfigsLoadFromTheRepository() {
        AppConfig c = ConfigLoader.load(Path.of("configs"), tmp.resolve("no.env"), Map.of());

        assertEquals(general.get("mode").asText(), c.general().mode().code());
        assertEquals(strings(general.get("symbols")), c.general().symbols());
        assertEquals(strings(general.get("timeframes")), c.general().timeframes().stream().map(Interval::code).toList());
        assertEquals(obj(general, "system", "status").get("port").asInt(), c.general().system().status().port());
        assertEquals(obj(general, "system").get("backfill_candles").asInt(), c.general().system().backfillCandles());
        assertTrue(c.runtime().source().isPresent(), "application.conf at the repo root is found");
        assertEquals("cluster", c.pekko().getString("pekko.actor.provider"));
        assertEquals("jackson-cbor", c.pekko().getString("pekko.actor.serialization-bindings.\"io.pybitbot.CborSerializable\""));
    }

    @Test
    void executionValuesReachTheirFields() {
        ExecutionConfig e = ConfigFixture.copyOfShipped(tmp).load().execution();

        assertEquals(execution.get("leverage").asDouble(), e.leverage());
        assertEquals(obj(execution, "fees").get("taker").asDouble(), e.fees().taker());
        assertEquals(obj(execution, "sizing").get("mode").asText(), e.sizing().mode().code());
        assertEquals(obj(execution, "sizing").get("risk_per_trade_pct").asDouble(), e.sizing().riskPerTradePct());
        assertEquals(obj(execution, "risk").get("max_drawdown_pct").asDouble(), e.risk().maxDrawdownPct());
        assertEquals(obj(execution, "risk").get("max_open_positions").asInt(), e.risk().maxOpenPositions());
        assertEquals(obj(execution, "tpsl_manager").get("stop_mode").asText(), e.tpslManager().stopMode().code());
        assertEquals(obj(execution, "tpsl_manager", "trailing").get("distance_atr_multiple").asDouble(),
                e.tpslManager().trailing().distanceAtrMultiple());
        assertEquals(obj(execution, "tpsl_manager", "break_even").get("offset_ticks").asInt(),
                e.tpslManager().breakEven().offsetTicks());
        assertEquals(execution.get("order_type").asText(), e.orderType().wire());
    }

    @Test
    void strategiesCarryTheirParamsAndAllSymbolsWhenTheListIsEmpty() {
        AppConfig c = ConfigFixture.copyOfShipped(tmp).load();
        StrategyConfig a = c.strategies().all().get("strategy_a");
        ObjectNode aJson = obj(strategy, "strategies", "strategy_a");

        assertEquals(aJson.get("enabled").asBoolean(), a.enabled());
        assertEquals(aJson.get("timeframe").asText(), a.timeframe().code());
        assertEquals(obj(aJson, "params").get("entry_threshold").asDouble(), a.params().number("entry_threshold"));
        assertEquals(obj(aJson, "params", "weights").get("bands").asDouble(), a.params().group("weights").number("bands"));
        assertTrue(aJson.get("symbols").isEmpty());
        assertEquals(c.general().symbols(), a.symbols());
    }

    @Test
    void onlyEnabledStrategiesAreActiveButDisabledOnesStayVisible() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .edit("strategy.json", n -> obj(n, "strategies", "strategy_a").put("enabled", false));

        StrategiesConfig s = f.load().strategies();

        assertEquals(List.of("strategy_b"), List.copyOf(s.enabled().keySet()));
        assertEquals(List.of("strategy_a", "strategy_b"), List.copyOf(s.all().keySet()));
        assertFalse(s.all().get("strategy_a").enabled());
    }

    @Test
    void indicatorPeriodsAndDefaultsForMissingFields() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .edit("indicators.json", n -> obj(n, "timeframes", "5").remove("vwap"));
        IndicatorParams p = f.load().indicators().forTimeframe(Interval.M5);
        ObjectNode tf = obj(indicators, "timeframes", "5");

        assertEquals(tf.get("sma_slow").asInt(), p.smaSlow());
        assertEquals(obj(tf, "macd").get("signal").asInt(), p.macd().signal());
        assertEquals(obj(tf, "bollinger").get("stddev").asDouble(), p.bollinger().stddev());
        assertEquals(IndicatorParams.defaults().vwap(), p.vwap(), "a missing field takes the documented default");
    }

    @Test
    void defaultIndicatorEntryCoversUnlistedTimeframes() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .edit("general.json", n -> n.withArray("timeframes").add("15"))
                .edit("strategy.json", n -> obj(n, "strategies", "strategy_b").put("timeframe", "15"))
                .edit("indicators.json", n -> n.putObject("default").put("sma_fast", 5).put("sma_slow", 8));

        IndicatorsConfig ind = f.load().indicators();

        assertEquals(5, ind.forTimeframe(Interval.M15).smaFast());
        assertEquals(obj(indicators, "timeframes", "5").get("sma_fast").asInt(), ind.forTimeframe(Interval.M5).smaFast());
        assertThrows(IllegalArgumentException.class,
                () -> new IndicatorsConfig(Map.of(), java.util.Optional.empty()).forTimeframe(Interval.H1));
    }

    @Test
    void absentFieldsTakeTheDocumentedDefaults() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .write("execution.json", "{}")
                .write("indicators.json", "{\"timeframes\": {\"5\": {}}}")
                .edit("strategy.json", n -> obj(n, "strategies", "strategy_a").putObject("params"));

        AppConfig c = f.load();

        assertEquals(ExecutionConfig.defaults(), c.execution());
        assertEquals(IndicatorParams.defaults(), c.indicators().forTimeframe(Interval.M5));
        assertEquals(StrategySchemas.strategyA().defaults(), c.strategies().all().get("strategy_a").params());
    }

    @Test
    void recordsAreImmutable() {
        AppConfig c = ConfigFixture.copyOfShipped(tmp).load();
        assertThrows(UnsupportedOperationException.class, () -> c.general().symbols().add("XRPUSDT"));
        assertThrows(UnsupportedOperationException.class, () -> c.strategies().all().clear());
        assertThrows(UnsupportedOperationException.class, () -> c.strategies().all().get("strategy_b").params().asMap().clear());
    }
}
