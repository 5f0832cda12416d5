package io.pybitbot.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pybitbot.domain.Side;
import io.pybitbot.ledger.OrderLinkIds;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TickToOrderTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @AfterEach
    void unbind() {
        TickToOrder.unbind(registry);
        TickToOrder.useClock(System::nanoTime);
    }

    @Test
    void readsTheCandleStartOutOfAnyOrderLinkId() {
        long candle = 1_796_476_560_000L;
        assertEquals(candle, TickToOrder.candleStartOf(OrderLinkIds.of("strategy_a", "BTCUSDT", candle,
                OrderLinkIds.Kind.ENTRY, Side.BUY)));
        assertEquals(candle, TickToOrder.candleStartOf(OrderLinkIds.of("a-very-long-strategy-name-indeed", "1000PEPEUSDT",
                candle, OrderLinkIds.Kind.EXIT, Side.SELL)));
        assertEquals(-1, TickToOrder.candleStartOf("manual-not_a_time!-EB"));
        assertEquals(-1, TickToOrder.candleStartOf("plain"));
    }

    @Test
    void measuresFromTheCandleToTheOrderAndTheRoundTrip() {
        TickToOrder.useClock(nanos::get);
        TickToOrder.bindTo(registry);
        long candle = 1_700_000_000_000L;
        TickToOrder.candleArrived("ETHUSDT", candle);
        nanos.addAndGet(2_500_000); // 2.5 ms of strategy, risk and ledger
        long written = TickToOrder.orderWritten("ETHUSDT",
                OrderLinkIds.of("strategy_b", "ETHUSDT", candle, OrderLinkIds.Kind.ENTRY, Side.SELL));
        nanos.addAndGet(40_000_000);
        TickToOrder.answered(written);
        TickToOrder.orderWritten("ETHUSDT", OrderLinkIds.of("strategy_b", "ETHUSDT", candle + 300_000,
                OrderLinkIds.Kind.ENTRY, Side.SELL)); // its candle never arrived here (another node): not counted

        Timer tick = registry.get("pybit_tick_to_order").timer();
        assertEquals(1, tick.count());
        assertEquals(2.5, tick.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        Timer trip = registry.get("pybit_order_round_trip").timer();
        assertEquals(1, trip.count());
        assertEquals(40.0, trip.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void theFirstOrderOfACandleCloseIsTimedApartFromTheOnesQueuedBehindIt() {
        TickToOrder.useClock(nanos::get);
        TickToOrder.bindTo(registry);
        long candle = 1_700_000_600_000L;
        TickToOrder.candleArrived("BTCUSDT", candle);
        TickToOrder.candleArrived("ETHUSDT", candle);
        nanos.addAndGet(800_000); // 0.8 ms: the first order of this close
        TickToOrder.orderWritten("ETHUSDT", OrderLinkIds.of("strategy_a", "ETHUSDT", candle, OrderLinkIds.Kind.ENTRY,
                Side.BUY));
        nanos.addAndGet(99_200_000); // the next waited for the account's order budget
        TickToOrder.orderWritten("BTCUSDT", OrderLinkIds.of("strategy_a", "BTCUSDT", candle, OrderLinkIds.Kind.ENTRY,
                Side.BUY));

        assertEquals(2, registry.get("pybit_tick_to_order").timer().count());
        Timer first = registry.get("pybit_tick_to_first_order").timer();
        assertEquals(1, first.count());
        assertEquals(0.8, first.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    }

    @Test
    void theSocketsStampOfACandleCountsNotTheActorsLaterOne() {
        TickToOrder.useClock(nanos::get);
        TickToOrder.bindTo(registry);
        long candle = 1_700_001_200_000L;
        TickToOrder.candleArrived("SOLUSDT", candle, TickToOrder.now()); // off the socket, before parsing
        nanos.addAndGet(300_000);
        TickToOrder.candleArrived("SOLUSDT", candle); // the symbol's actor, 0.3 ms later
        nanos.addAndGet(700_000);
        TickToOrder.orderWritten("SOLUSDT", OrderLinkIds.of("strategy_a", "SOLUSDT", candle, OrderLinkIds.Kind.ENTRY,
                Side.BUY));
        assertEquals(1.0, registry.get("pybit_tick_to_order").timer().totalTime(TimeUnit.MILLISECONDS), 1e-9);
    }
}
