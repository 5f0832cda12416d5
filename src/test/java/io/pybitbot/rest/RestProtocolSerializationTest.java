package io.pybitbot.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.CborSerializable;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import io.pybitbot.domain.Side;
import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitJson;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.exchange.bybit.Fixtures;
import io.pybitbot.exchange.bybit.OrderRequest;
import io.pybitbot.exchange.bybit.TradingStopRequest;
import io.pybitbot.exchange.bybit.dto.AccountDtos.WalletBalance;
import io.pybitbot.exchange.bybit.dto.PositionDtos.PositionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.CancelAllResult;
import io.pybitbot.exchange.bybit.dto.TradeDtos.ExecutionsPage;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrderIds;
import io.pybitbot.exchange.bybit.dto.TradeDtos.OrdersPage;
import io.pybitbot.execution.ActorTestSupport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The RestClient's protocol crosses nodes: every {@link RestOp} inside a {@link RestClient.Submit}, and every
 * reply ({@link BybitResult} with each op's result type, every {@link BybitError}), round-trips through Pekko's
 * jackson-cbor serializer and comes back equal, element types of lists and optionals included.
 */
class RestProtocolSerializationTest {

    private static final ActorTestKit kit = ActorTestKit.create("RestProtocolSerializationTest", ActorTestSupport.config());
    private static final long T = 1_700_000_000_000L;

    @AfterAll
    static void shutdown() {
        kit.shutdownTestKit();
    }

    static List<RestOp<?>> ops() {
        OrderRequest entry = OrderRequest.market("BTCUSDT", Side.BUY, new BigDecimal("0.010"), "strategy_a-BTCUSDT-x-EB",
                null, new BigDecimal("29400.0"));
        return List.of(
                new RestOp.PlaceOrder(entry),
                new RestOp.PlaceOrder(OrderRequest.closeMarket("BTCUSDT", Side.SELL, new BigDecimal("0.010"), "c-1")),
                new RestOp.CancelOrder("BTCUSDT", "strategy_a-BTCUSDT-x-EB"),
                new RestOp.CancelAll("ETHUSDT"),
                new RestOp.SetTradingStop(new TradingStopRequest("BTCUSDT", 0, null, new BigDecimal("29400.5"), null, null,
                        "MarkPrice")),
                new RestOp.SetLeverage("BTCUSDT", new BigDecimal("5")),
                new RestOp.PresetLeverage("BTCUSDT", new BigDecimal("5")),
                new RestOp.GetPositions(Optional.empty()),
                new RestOp.GetPositions(Optional.of("BTCUSDT")),
                new RestOp.GetOpenOrders(Optional.of("ETHUSDT")),
                new RestOp.FindOrder("BTCUSDT", "strategy_a-BTCUSDT-x-EB"),
                new RestOp.GetWallet(Optional.of("USDT")),
                new RestOp.GetExecutions(Optional.of("BTCUSDT"), OptionalLong.of(T), Optional.of("cursor-2")),
                new RestOp.GetExecutions(Optional.empty(), OptionalLong.empty(), Optional.empty()),
                new RestOp.GetKlines("BTCUSDT", Interval.M5, OptionalLong.empty(), OptionalLong.of(T), 200));
    }

    static List<BybitError> errors() {
        return List.of(
                new BybitError.ClockSkew(10002, "outside recv window"),
                new BybitError.RateLimited(10006, "too many visits", OptionalLong.of(T)),
                new BybitError.RateLimited(10006, "too many visits", OptionalLong.empty()),
                new BybitError.AuthFailed(10003, "API key is invalid.", "check BYBIT_API_KEY"),
                new BybitError.IpBanned(403, "forbidden", T + 600_000),
                new BybitError.Transient(10016, "server error"),
                new BybitError.Ambiguous("timeout after send"),
                new BybitError.Rejected(110007, "insufficient balance"),
                new BybitError.HttpFailure(502, "bad gateway"),
                new BybitError.InvalidRequest("qty must be positive"),
                new BybitError.Malformed("no result"));
    }

    /** One reply per result type an op can have, from the recorded Bybit payloads. */
    static List<BybitResult<?>> replies() throws Exception {
        var orders = BybitJson.parseResult(Fixtures.load("order-realtime.json"), OrdersPage.class);
        List<BybitResult<?>> out = new ArrayList<>(List.of(
                BybitResult.ok(new OrderIds("1321003749386327552", "strategy_a-BTCUSDT-x-EB")),
                BybitResult.ok(BybitJson.parseResult(Fixtures.load("order-cancel-all.json"), CancelAllResult.class)),
                new BybitResult.Ok<Void>(null, 110043),
                BybitResult.ok(BybitJson.parseResult(Fixtures.load("position-list.json"), PositionsPage.class)),
                BybitResult.ok(orders),
                BybitResult.ok(Optional.of(orders.list().get(0))),
                BybitResult.ok(Optional.empty()),
                BybitResult.ok(BybitJson.parseResult(Fixtures.load("account-wallet-balance.json"), WalletBalance.class)),
                BybitResult.ok(BybitJson.parseResult(Fixtures.load("execution-list.json"), ExecutionsPage.class)),
                BybitResult.ok(List.of(new Candle(T, 30000.5, 30100, 29900.25, 30050, 12.5, 375_000, true),
                        new Candle(T + 300_000, 30050, 30060, 30000, 30010, 3, 90_000, false))),
                BybitResult.ok(List.of())));
        errors().forEach(e -> out.add(BybitResult.err(e)));
        return out;
    }

    private static Object roundTrip(Object m) {
        assertTrue(m instanceof CborSerializable, m.getClass() + " is not CborSerializable");
        assertTrue(SerializationExtension.get(kit.system().classicSystem()).findSerializerFor(m)
                instanceof JacksonCborSerializer, m.getClass() + " is not bound to jackson-cbor");
        return kit.serializationTestKit().verifySerialization(m, false);
    }

    @Test
    void everyOpCrossesNodesInsideASubmit() {
        var replyTo = kit.<BybitResult<Object>>createTestProbe().getRef();
        for (RestOp<?> op : ops()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            RestClient.Submit<?> submit = new RestClient.Submit(op, replyTo);
            assertEquals(submit, roundTrip(submit));
        }
    }

    @Test
    void everyReplyComesBackWithItsValueType() throws Exception {
        for (BybitResult<?> r : replies()) {
            Object back = roundTrip(r);
            assertEquals(r, back);
            if (r instanceof BybitResult.Ok<?> ok && ok.value() instanceof List<?> list && !list.isEmpty()) {
                assertEquals(list.get(0).getClass(), ((List<?>) ((BybitResult.Ok<?>) back).value()).get(0).getClass());
            }
        }
    }

    @Test
    void statsAndTheirQueryCrossNodes() {
        var stats = new RestClient.Stats(3, Map.of(RestClient.Priority.CANCEL, 1, RestClient.Priority.READ, 2), 1, 40, 37,
                5, 0, Duration.ofMillis(250), Duration.ofMillis(12),
                java.util.List.of(new RestClient.BucketStats("IP", 600, 590, 40, 0),
                        new RestClient.BucketStats("ORDER_CREATE", 10, 9, 3, 1)));
        assertEquals(stats, roundTrip(stats));
        var get = new RestClient.GetStats(kit.<RestClient.Stats>createTestProbe().getRef());
        assertEquals(get, roundTrip(get));
    }

    @Test
    void everyOpAndErrorTypeIsInTheCheck() throws Exception {
        Set<Class<?>> checked = new HashSet<>();
        ops().forEach(o -> checked.add(o.getClass()));
        errors().forEach(e -> checked.add(e.getClass()));
        for (Class<?> sealed : List.of(RestOp.class, BybitError.class)) {
            for (Class<?> type : sealed.getPermittedSubclasses()) {
                assertTrue(checked.contains(type), type.getName() + " has no serialization check");
            }
        }
        for (Class<?> type : RestClient.Command.class.getPermittedSubclasses()) {
            if (java.lang.reflect.Modifier.isPublic(type.getModifiers())) {
                assertTrue(CborSerializable.class.isAssignableFrom(type), type.getName() + " is not CborSerializable");
            }
        }
    }

    @Test
    void aValueOfAForeignTypeIsRefusedWhenRead() {
        var ser = SerializationExtension.get(kit.system().classicSystem());
        var serializer = (JacksonCborSerializer) ser.findSerializerFor(BybitResult.ok("x"));
        byte[] bytes = serializer.toBinary(BybitResult.ok(new java.util.concurrent.atomic.AtomicLong(1)));
        assertThrows(Exception.class, () -> serializer.fromBinary(bytes, serializer.manifest(BybitResult.ok("x"))));
    }
}
