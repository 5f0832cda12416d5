package io.pybitbot.exchange.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.account.AccountEvent;
import io.pybitbot.account.AccountEvents;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletAccount;
import io.pybitbot.exchange.bybit.dto.BybitValidation;
import io.pybitbot.exchange.bybit.dto.MarketDtos.InstrumentInfo;
import io.pybitbot.exchange.bybit.dto.MarketDtos.KlinePage;
import io.pybitbot.exchange.bybit.dto.MarketDtos.Ticker;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionInfo;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderInfo;
import io.pybitbot.exchange.bybit.ws.BybitWsFrame;
import io.pybitbot.exchange.bybit.ws.BybitWsParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random and adversarial exchange data (numbers too big for a double, NaN, negative prices, misaligned
 * times, wrong JSON types, truncated frames) through every parser and validator. Properties: nothing
 * throws; every row is either delivered or counted as rejected; nothing delivered breaks the rules a
 * trading decision relies on (checked here independently of {@code BybitValidation}).
 */
class HostileDataPropertiesTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long BASE = 1_699_999_800_000L; // aligned to every interval up to 1 h
    private static final long NOW = BASE + 3_600_000L;

    // ---------------------------------------------------------------- value pools

    private static final List<String> ADVERSARIAL = List.of("9".repeat(400), "-" + "9".repeat(400), "1e400", "-1e400",
            "1e-400", "1E+2147483647", "NaN", "Infinity", "-Infinity", "", " ", "abc", "-1", "-0.5", "0", "-0",
            "0x10", "9223372036854775808", "-9223372036854775809", "1e15", "1.0000000000000000000001", "\u0661\u0662",
            "1,5", "12 34", "+3", ".5", "5.", "1e30", "-5");

    private static Arbitrary<String> plausibleNumber() {
        return Arbitraries.of("1", "100.5", "0.001", "25000", "3", "0.5", "42", "2");
    }

    private static Arbitrary<JsonNode> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(ADVERSARIAL).map(JSON::textNode)),
                Tuple.of(6, plausibleNumber().map(JSON::textNode)),
                Tuple.of(1, Arbitraries.of(JSON.nullNode(), JSON.booleanNode(true), JSON.objectNode(), JSON.arrayNode())),
                Tuple.of(1, Arbitraries.of("1e999", "-7", "1.5", "123456789012345678901234567890")
                        .map(s -> (JsonNode) JSON.numberNode(new BigDecimal(s)))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(JSON::textNode)));
    }

    private static Arbitrary<JsonNode> timeValue() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 11).map(i -> (JsonNode) JSON.textNode(Long.toString(BASE + i * 300_000L)))),
                Tuple.of(1, Arbitraries.longs().between(-2, 2).map(i -> (JsonNode) JSON.textNode(Long.toString(BASE + i * 7_777L)))),
                Tuple.of(3, value()));
    }

    private static Arbitrary<JsonNode> field(String name) {
        switch (name) {
            case "symbol":
                return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(JSON.textNode("BTCUSDT"))), Tuple.of(1, value()));
            case "side":
                return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("Buy", "Sell", "", "None").map(JSON::textNode)),
                        Tuple.of(1, value()));
            case "category":
                return Arbitraries.of("linear", "", "spot").map(JSON::textNode);
            case "confirm": case "isMaker": case "reduceOnly": case "closeOnTrigger":
                return Arbitraries.of(JSON.booleanNode(true), JSON.booleanNode(false), JSON.textNode("maybe"));
            case "coin":
                return Arbitraries.just(JSON.arrayNode());
            case "cumFeeDetail":
                return value().map(v -> {
                    ObjectNode o = JSON.objectNode();
                    o.set("USDT", v);
                    return o;
                });
            default:
                return name.endsWith("Time") || name.equals("start") || name.equals("end") || name.equals("timestamp")
                        ? timeValue() : value();
        }
    }

    /** An object with a random subset of the record's fields, each with a random (often hostile) value. */
    private static Arbitrary<JsonNode> row(Class<? extends Record> type) {
        List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
        for (var c : type.getRecordComponents()) {
            String name = c.getName();
            fields.add(Arbitraries.frequencyOf(Tuple.of(9, field(name).map(v -> Map.entry(name, v))),
                    Tuple.of(1, Arbitraries.just(Map.entry(name, (JsonNode) JSON.missingNode())))));
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode o = JSON.objectNode();
            entries.forEach(e -> {
                if (!e.getValue().isMissingNode()) {
                    o.set(e.getKey(), e.getValue());
                }
            });
            return (JsonNode) o;
        });
    }

    /** A kline bar that is consistent except where a hostile value is mixed in. */
    private static Arbitrary<JsonNode> bar() {
        Arbitrary<JsonNode> consistent = Combinators.combine(Arbitraries.longs().between(0, 11),
                Arbitraries.doubles().between(0.001, 50_000).ofScale(6), Arbitraries.doubles().between(0, 0.05).ofScale(4)).as((i, p, spread) -> {
            ObjectNode o = JSON.objectNode();
            o.put("start", BASE + i * 300_000L);
            o.put("end", BASE + (i + 1) * 300_000L - 1);
            o.put("interval", "5");
            o.put("open", Double.toString(p));
            o.put("high", Double.toString(p * (1 + spread)));
            o.put("low", Double.toString(p * (1 - spread)));
            o.put("close", Double.toString(p));
            o.put("volume", "10");
            o.put("turnover", "1000");
            o.put("confirm", true);
            return (JsonNode) o;
        });
        return Arbitraries.frequencyOf(Tuple.of(3, consistent),
                Tuple.of(2, Combinators.combine(consistent, Arbitraries.of("start", "open", "high", "low", "close", "volume",
                        "turnover", "end"), value()).as((o, f, v) -> {
                    ((ObjectNode) o).set(f, v);
                    return o;
                })),
                Tuple.of(1, row(BybitWsFrame.KlineBar.class)));
    }

    private static Arbitrary<ArrayNode> array(Arbitrary<JsonNode> element) {
        return element.list().ofMaxSize(6).map(l -> {
            ArrayNode a = JSON.arrayNode();
            l.forEach(a::add);
            return a;
        });
    }

    // ---------------------------------------------------------------- stream frames

    @Provide
    Arbitrary<String> privateFrames() {
        return Arbitraries.oneOf(
                frame("order", row(OrderInfo.class)), frame("execution", row(ExecutionInfo.class)),
                frame("position", row(PositionInfo.class)), frame("position.linear", row(PositionInfo.class)),
                frame("wallet", row(WalletAccount.class)));
    }

    private static Arbitrary<String> frame(String topic, Arbitrary<JsonNode> rows) {
        return array(Arbitraries.frequencyOf(Tuple.of(9, rows), Tuple.of(1, value()))).map(data -> {
            ObjectNode f = JSON.objectNode();
            f.put("topic", topic);
            f.put("creationTime", BASE);
            f.set("data", data);
            return f.toString();
        });
    }

    @Property(tries = 250)
    void privateFramesDeliverOnlyValidRowsAndCountTheRest(@ForAll("privateFrames") String text) {
        RejectedRows rejected = new RejectedRows();
        BybitWsFrame frame = BybitWsParser.parse(text, rejected);
        int rows = BybitJson.mapper().valueToTree(readTree(text).get("data")).size();
        int delivered;
        if (frame instanceof BybitWsFrame.Orders o) {
            delivered = o.orders().size();
        } else if (frame instanceof BybitWsFrame.Executions e) {
            delivered = e.executions().size();
        } else if (frame instanceof BybitWsFrame.Positions p) {
            delivered = p.positions().size();
        } else if (frame instanceof BybitWsFrame.Wallets w) {
            delivered = w.accounts().size();
        } else {
            throw new AssertionError("unexpected " + frame);
        }
        assertEquals(rows, delivered + rejected.total(), "every row is delivered or counted");
        for (AccountEvent e : AccountEvents.fromFrame(frame)) {
            if (e instanceof AccountEvent.PositionUpdate p) {
                assertSane(p.size(), false, "size");
                if (p.open()) {
                    assertTrue(p.side() == Side.BUY || p.side() == Side.SELL);
                    assertSane(p.entryPrice(), true, "entry");
                }
                assertSane(p.stopLoss(), false, "stopLoss");
                assertSane(p.markPrice(), false, "mark");
            } else if (e instanceof AccountEvent.OrderUpdate o) {
                assertSane(o.qty(), false, "qty");
                assertSane(o.cumExecQty(), false, "cumExecQty");
                assertSane(o.avgPrice(), false, "avgPrice");
                assertTrue(o.side() != null);
            } else if (e instanceof AccountEvent.Execution x) {
                assertSane(x.price(), true, "execPrice");
                assertSane(x.qty(), false, "execQty");
                assertTrue(Double.isFinite(x.fee().doubleValue()));
            } else if (e instanceof AccountEvent.WalletUpdate w) {
                assertSane(w.totalEquity(), false, "equity");
            }
        }
    }

    @Provide
    Arbitrary<String> klineFrames() {
        return Combinators.combine(Arbitraries.of("kline.5.BTCUSDT", "kline.1.ETHUSDT", "kline.60.SOLUSDT"),
                array(Arbitraries.frequencyOf(Tuple.of(9, bar()), Tuple.of(1, value())))).as((topic, data) -> {
            ObjectNode f = JSON.objectNode();
            f.put("topic", topic);
            f.set("data", data);
            return f.toString();
        });
    }

    @Property(tries = 400)
    void klineFramesDeliverOnlyValidCandles(@ForAll("klineFrames") String text) {
        RejectedRows rejected = new RejectedRows();
        BybitWsFrame frame = BybitWsParser.parse(text, rejected);
        BybitWsFrame.Kline k = (BybitWsFrame.Kline) frame;
        assertEquals(readTree(text).get("data").size(), k.candles().size() + rejected.total());
        k.candles().forEach(c -> assertValid(c, k.interval(), Long.MAX_VALUE));
    }

    @Provide
    Arbitrary<String> mangledFrames() {
        String fixture = Fixtures.load("ws-position.json");
        Arbitrary<String> cut = Arbitraries.integers().between(0, fixture.length()).map(i -> fixture.substring(0, i));
        Arbitrary<String> flipped = Combinators.combine(Arbitraries.integers().between(0, fixture.length() - 1),
                Arbitraries.chars().with('"', '{', '}', '[', ']', ',', ':', '9', '-', 'e', '\\', ' '))
                .as((i, ch) -> fixture.substring(0, i) + ch + fixture.substring(i + 1));
        return Arbitraries.oneOf(cut, flipped, Arbitraries.strings().ofMaxLength(200));
    }

    @Property(tries = 600)
    void noTextEverMakesTheParserThrow(@ForAll("mangledFrames") String text) {
        BybitWsFrame frame = BybitWsParser.parse(text, new RejectedRows());
        AccountEvents.fromFrame(frame); // must not throw either
    }

    // ---------------------------------------------------------------- REST pages

    @Provide
    Arbitrary<String> positionBodies() {
        return body(row(PositionInfo.class));
    }

    @Provide
    Arbitrary<String> orderBodies() {
        return body(row(OrderInfo.class));
    }

    @Provide
    Arbitrary<String> executionBodies() {
        return body(row(ExecutionInfo.class));
    }

    @Provide
    Arbitrary<String> walletBodies() {
        return body(row(WalletAccount.class));
    }

    @Provide
    Arbitrary<String> tickerBodies() {
        return body(row(Ticker.class));
    }

    @Provide
    Arbitrary<String> instrumentBodies() {
        return body(row(InstrumentInfo.class));
    }

    private static Arbitrary<String> body(Arbitrary<JsonNode> rows) {
        return array(Arbitraries.frequencyOf(Tuple.of(9, rows), Tuple.of(1, value()))).map(list -> {
            ObjectNode result = JSON.objectNode();
            result.put("category", "linear");
            result.put("nextPageCursor", "");
            result.set("list", list);
            ObjectNode root = JSON.objectNode();
            root.put("retCode", 0);
            root.put("retMsg", "OK");
            root.set("result", result);
            root.put("time", BASE);
            return root.toString();
        });
    }

    @Property(tries = 300)
    void positionListsKeepEveryValidRow(@ForAll("positionBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.positions(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        for (PositionInfo p : page.list()) {
            AccountEvent.PositionUpdate u = AccountEvents.position(p, NOW);
            assertSane(u.size(), false, "size");
            if (u.open()) {
                assertSane(u.entryPrice(), true, "entry");
            }
        }
    }

    @Property(tries = 200)
    void orderListsKeepEveryValidRow(@ForAll("orderBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.orders(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        page.list().forEach(o -> {
            assertSane(o.qty(), false, "qty");
            assertTrue("Buy".equals(o.side()) || "Sell".equals(o.side()));
        });
    }

    @Property(tries = 200)
    void executionListsKeepEveryValidRow(@ForAll("executionBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.executions(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        page.list().forEach(e -> assertSane(e.execPrice(), true, "execPrice"));
    }

    @Property(tries = 200)
    void walletsKeepEveryValidAccount(@ForAll("walletBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.wallet(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        page.list().forEach(a -> {
            if (a.totalEquity() != null) {
                assertSane(a.totalEquity(), false, "totalEquity");
            }
        });
    }

    @Property(tries = 200)
    void tickersKeepEveryValidRow(@ForAll("tickerBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.tickers(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        page.list().forEach(t -> {
            if (t.lastPrice() != null) {
                assertSane(t.lastPrice(), true, "lastPrice");
            }
        });
    }

    @Property(tries = 200)
    void instrumentsKeepEveryValidRow(@ForAll("instrumentBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        var page = BybitPages.instruments(BybitJson.envelope(body), body, rejected);
        assertEquals(rows(body), page.list().size() + rejected.total());
        page.list().stream().filter(InstrumentInfo::isTrading).forEach(InstrumentInfo::toSpec); // must not throw
    }

    @Provide
    Arbitrary<String> klineBodies() {
        Arbitrary<JsonNode> consistentRow = bar().map(b -> {
            ArrayNode r = JSON.arrayNode();
            for (String f : List.of("start", "open", "high", "low", "close", "volume", "turnover")) {
                JsonNode v = b.get(f);
                r.add(v == null ? JSON.textNode("") : v.isNumber() ? JSON.textNode(v.asText()) : v);
            }
            return (JsonNode) r;
        });
        Arbitrary<JsonNode> shortRow = array(value()).map(a -> (JsonNode) a);
        return array(Arbitraries.frequencyOf(Tuple.of(8, consistentRow), Tuple.of(1, shortRow), Tuple.of(1, value())))
                .map(list -> {
                    ObjectNode result = JSON.objectNode();
                    result.put("category", "linear");
                    result.put("symbol", "BTCUSDT");
                    result.set("list", list);
                    ObjectNode root = JSON.objectNode();
                    root.put("retCode", 0);
                    root.set("result", result);
                    return root.toString();
                });
    }

    @Property(tries = 400)
    void klineHistoryDeliversOnlyValidCandles(@ForAll("klineBodies") String body) throws Exception {
        RejectedRows rejected = new RejectedRows();
        KlinePage page = BybitPages.klines(BybitJson.envelope(body), body, rejected);
        var checked = page.checkedCandles(Interval.M5, NOW);
        assertEquals(rows(body), checked.candles().size() + checked.rejected().size() + rejected.total());
        checked.candles().forEach(c -> assertValid(c, Interval.M5, Long.MAX_VALUE));
        checked.candles().forEach(c -> assertEquals(c.startMs() + Interval.M5.millis() <= NOW, c.confirmed()));
    }

    @Provide
    Arbitrary<String> timeBodies() {
        return Combinators.combine(value(), value(), Arbitraries.of("1700000000", "-1", "99999999999999999999", "0"))
                .as((sec, nano, envTime) -> "{\"retCode\":0,\"result\":{\"timeSecond\":" + sec + ",\"timeNano\":" + nano
                        + "},\"time\":" + envTime + "}");
    }

    @Property(tries = 300)
    void serverTimeIsPlausibleOrAParseError(@ForAll("timeBodies") String body) {
        try {
            long ms = BybitPages.serverTime(BybitJson.envelope(body), body, new RejectedRows()).epochMillis();
            assertTrue(ms >= BybitValidation.MIN_PLAUSIBLE_MS && ms <= BybitValidation.MAX_PLAUSIBLE_MS, "implausible server time " + ms);
        } catch (BybitParseException expected) {
            // refused, with a message: fine
        }
    }

    // ---------------------------------------------------------------- independent rules

    private static void assertValid(Candle c, Interval interval, long now) {
        for (double p : new double[] {c.open(), c.high(), c.low(), c.close()}) {
            assertTrue(Double.isFinite(p) && p > 0, "price " + p + " in " + c);
        }
        assertTrue(c.high() >= Math.max(c.open(), c.close()) && c.low() <= Math.min(c.open(), c.close()), c.toString());
        assertTrue(Double.isFinite(c.volume()) && c.volume() >= 0 && Double.isFinite(c.turnover()) && c.turnover() >= 0);
        assertEquals(0, Math.floorMod(c.startMs(), interval.millis()), "aligned start in " + c);
        assertTrue(c.startMs() <= now && c.startMs() >= BybitValidation.MIN_PLAUSIBLE_MS, "plausible start in " + c);
    }

    private static void assertSane(BigDecimal v, boolean positive, String what) {
        double d = v.doubleValue();
        assertTrue(Double.isFinite(d) && (positive ? d > 0 : d >= 0) && Math.abs(d) <= 1e15 && v.scale() <= 18,
                what + " " + v);
    }

    private static int rows(String body) {
        return readTree(body).get("result").get("list").size();
    }

    private static JsonNode readTree(String text) {
        try {
            return BybitJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
