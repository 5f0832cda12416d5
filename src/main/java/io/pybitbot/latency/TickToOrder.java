package io.pybitbot.latency;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Tick-to-order latency within one JVM: from a confirmed candle's frame coming off the WebSocket to the order it
 * caused being written by the REST client, and the order's round trip (written to answered). The two ends meet by
 * the order's {@code orderLinkId}, which carries the symbol's candle start (see {@code ledger.OrderLinkIds}); on a
 * cluster where the symbol and the REST client sit on different nodes the candle is not found here and nothing is
 * recorded (a monotonic clock cannot be compared across JVMs). Process-wide, like the JVM's own meters.
 */
public final class TickToOrder {

    private static final int CANDLES_KEPT = 32_768;
    private static final Map<String, Long> CANDLE_NANOS = new ConcurrentHashMap<>();
    private static final List<Timer> TICK_TO_ORDER = new CopyOnWriteArrayList<>();
    private static final List<Timer> ROUND_TRIP = new CopyOnWriteArrayList<>();
    private static final List<Timer> FIRST_ORDER = new CopyOnWriteArrayList<>();
    /** Candle starts that already had their first order timed (any symbol). */
    private static final java.util.Set<Long> FIRST_TIMED = ConcurrentHashMap.newKeySet();
    private static volatile LongSupplier nanos = System::nanoTime;

    private TickToOrder() {}

    /** Records into {@code registry} from now on: {@code pybit_tick_to_order_seconds}, {@code pybit_order_round_trip_seconds}. */
    public static void bindTo(MeterRegistry registry) {
        TICK_TO_ORDER.add(Timer.builder("pybit_tick_to_order").description("Confirmed candle's frame off the socket to "
                        + "the order it caused written to the exchange (same JVM)").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry));
        FIRST_ORDER.add(Timer.builder("pybit_tick_to_first_order").description("Per candle close, the first order "
                        + "it caused on any symbol: tick-to-order without the account's order queue (same JVM)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry));
        ROUND_TRIP.add(Timer.builder("pybit_order_round_trip").description("Order written to the exchange's answer")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry));
    }

    /** Stops recording into {@code registry}. */
    public static void unbind(MeterRegistry registry) {
        TICK_TO_ORDER.removeIf(t -> registry.getMeters().contains(t));
        FIRST_ORDER.removeIf(t -> registry.getMeters().contains(t));
        ROUND_TRIP.removeIf(t -> registry.getMeters().contains(t));
    }

    /** A confirmed candle of {@code symbol} starting at {@code startMs} arrived from the stream, now. */
    public static void candleArrived(String symbol, long startMs) {
        candleArrived(symbol, startMs, now());
    }

    /** The monotonic clock {@link #candleArrived(String, long, long)} takes. */
    public static long now() {
        return nanos.getAsLong();
    }

    /**
     * As above, at {@code arrivedNanos} ({@link #now()}): the stream stamps a frame as it comes off the socket, before
     * parsing it; the first stamp of a candle counts (a later one, the symbol's actor receiving it, is ignored).
     */
    public static void candleArrived(String symbol, long startMs, long arrivedNanos) {
        if (TICK_TO_ORDER.isEmpty()) {
            return;
        }
        if (CANDLE_NANOS.size() >= CANDLES_KEPT) {
            CANDLE_NANOS.clear(); // a crude bound: a few orders lose their sample, memory stays flat
            FIRST_TIMED.clear();
        }
        CANDLE_NANOS.putIfAbsent(key(symbol, startMs), arrivedNanos);
    }

    /**
     * The order {@code orderLinkId} on {@code symbol} is being written now; returns the moment for
     * {@link #answered}.
     */
    public static long orderWritten(String symbol, String orderLinkId) {
        long now = nanos.getAsLong();
        if (TICK_TO_ORDER.isEmpty()) {
            return now;
        }
        long candle = candleStartOf(orderLinkId);
        Long arrived = candle < 0 ? null : CANDLE_NANOS.get(key(symbol, candle));
        if (arrived != null) {
            Duration d = Duration.ofNanos(now - arrived);
            TICK_TO_ORDER.forEach(t -> t.record(d));
            if (FIRST_TIMED.add(candle)) {
                FIRST_ORDER.forEach(t -> t.record(d));
            }
        }
        return now;
    }

    /** The exchange answered the order written at {@code writtenNanos}. */
    public static void answered(long writtenNanos) {
        Duration d = Duration.ofNanos(nanos.getAsLong() - writtenNanos);
        ROUND_TRIP.forEach(t -> t.record(d));
    }

    /** The candle start an orderLinkId names ({@code <names>-<base-36 ms>-<tag>}), or -1. */
    static long candleStartOf(String orderLinkId) {
        int tag = orderLinkId.lastIndexOf('-');
        int time = tag > 0 ? orderLinkId.lastIndexOf('-', tag - 1) : -1;
        if (time < 0) {
            return -1;
        }
        try {
            return Long.parseLong(orderLinkId.substring(time + 1, tag), 36);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Tests: a controllable monotonic clock. */
    static void useClock(LongSupplier clock) {
        nanos = clock;
    }

    private static String key(String symbol, long startMs) {
        return symbol + '@' + startMs;
    }
}
