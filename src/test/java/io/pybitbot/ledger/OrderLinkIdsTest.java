package io.pybitbot.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderLinkIdsTest {

    private static final long CANDLE = 1_700_000_000_000L;

    private static Signal entry(String strategy, String symbol, Side side, long candle) {
        return Signal.entry(strategy, symbol, side, 100, side == Side.BUY ? 90 : 110, Double.NaN, candle, "why");
    }

    @Test
    void readableFormOfAShortIntent() {
        assertEquals("strategy_b-BTCUSDT-" + Long.toString(CANDLE, 36) + "-EB",
                OrderLinkIds.of(entry("strategy_b", "BTCUSDT", Side.BUY, CANDLE)));
        assertEquals("strategy_b-BTCUSDT-" + Long.toString(CANDLE, 36) + "-XS",
                OrderLinkIds.of(Signal.exit("strategy_b", "BTCUSDT", Side.BUY, 100, CANDLE, "exit")),
                "an exit of a long is a sell");
    }

    @Test
    void theSameIntentAlwaysGetsTheSameId() {
        String a = OrderLinkIds.of(entry("strategy_b", "BTCUSDT", Side.BUY, CANDLE));
        // a different reason, price or stop does not make a different intent
        String b = OrderLinkIds.of(Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 101, 95, 120, CANDLE, "other words"));
        assertEquals(a, b);
    }

    @Test
    void eachPartOfTheIntentChangesTheId() {
        Set<String> ids = new HashSet<>();
        ids.add(OrderLinkIds.of(entry("strategy_b", "BTCUSDT", Side.BUY, CANDLE)));
        ids.add(OrderLinkIds.of(entry("strategy_a", "BTCUSDT", Side.BUY, CANDLE)));
        ids.add(OrderLinkIds.of(entry("strategy_b", "ETHUSDT", Side.BUY, CANDLE)));
        ids.add(OrderLinkIds.of(entry("strategy_b", "BTCUSDT", Side.SELL, CANDLE)));
        ids.add(OrderLinkIds.of(entry("strategy_b", "BTCUSDT", Side.BUY, CANDLE + 60_000)));
        ids.add(OrderLinkIds.reversalClose(entry("strategy_b", "BTCUSDT", Side.BUY, CANDLE)));
        ids.add(OrderLinkIds.of(Signal.exit("strategy_b", "BTCUSDT", Side.SELL, 100, CANDLE, "")));
        assertEquals(7, ids.size(), ids.toString());
    }

    @Test
    void longNamesAreCutToBybitsLimitAndStayDistinct() {
        String a = OrderLinkIds.of(entry("my_very_long_strategy_name_one", "1000000MOGUSDT", Side.BUY, CANDLE));
        String b = OrderLinkIds.of(entry("my_very_long_strategy_name_two", "1000000MOGUSDT", Side.BUY, CANDLE));
        assertTrue(a.length() <= OrderLinkIds.MAX_LENGTH, a);
        assertEquals(OrderLinkIds.MAX_LENGTH, a.length(), a);
        assertTrue(OrderLinkIds.valid(a), a);
        assertTrue(OrderLinkIds.valid(b), b);
        assertNotEquals(a, b, "names sharing a long prefix keep distinct ids");
        assertEquals(a, OrderLinkIds.of(entry("my_very_long_strategy_name_one", "1000000MOGUSDT", Side.BUY, CANDLE)));
        assertTrue(a.contains("-1000000MOGUSDT-"), "the symbol stays readable: " + a);
        String hugeSymbol = OrderLinkIds.of(entry("s", "A_SYMBOL_FAR_LONGER_THAN_ANY_REAL_ONE_USDT", Side.SELL, CANDLE));
        assertTrue(OrderLinkIds.valid(hugeSymbol), hugeSymbol);
    }

    @Test
    void charactersBybitRefusesAreReplaced() {
        String id = OrderLinkIds.of(entry("Trend/2.0", "BTCUSDT", Side.BUY, CANDLE));
        assertTrue(OrderLinkIds.valid(id), id);
        assertTrue(id.startsWith("Trend_2_0-BTCUSDT-"), id);
    }

    @Test
    void aNegativeTimeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> OrderLinkIds.of("s", "BTCUSDT", -1, OrderLinkIds.Kind.FLATTEN, Side.SELL));
    }
}
