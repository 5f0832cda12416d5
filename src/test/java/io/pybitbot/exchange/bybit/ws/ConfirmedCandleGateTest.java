package io.pybitbot.exchange.bybit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfirmedCandleGateTest {

    private static final long M5 = Interval.M5.millis();
    private static final long T = 1_700_000_100_000L / M5 * M5;

    private static Candle c(long start, boolean confirmed) {
        return new Candle(start, 10, 11, 9, 10.5, 1, 10, confirmed);
    }

    private static Candle at(int n) {
        return c(T + n * M5, true);
    }

    @Test
    void deliversEachClosedCandleOnceInOrder() {
        ConfirmedCandleGate gate = new ConfirmedCandleGate();
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(c(T, false))));
        assertEquals(List.of(at(0)), gate.accept("BTCUSDT", Interval.M5, List.of(at(0))));
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(0))), "duplicate push");
        assertEquals(List.of(at(1), at(2)), gate.accept("BTCUSDT", Interval.M5, List.of(at(2), at(1), at(0))));
        assertEquals(List.of(at(0)), gate.accept("ETHUSDT", Interval.M5, List.of(at(0))), "symbols are independent");
    }

    @Test
    void gapCoversOnlyClosedMissingCandles() {
        ConfirmedCandleGate gate = new ConfirmedCandleGate();
        assertTrue(gate.gapToFill("BTCUSDT", Interval.M5, T).isEmpty(), "nothing delivered yet");
        gate.accept("BTCUSDT", Interval.M5, List.of(at(0)));
        assertTrue(gate.gapToFill("BTCUSDT", Interval.M5, T + 2 * M5 - 1).isEmpty(), "T+M5 is still forming");
        ConfirmedCandleGate.Gap gap = gate.gapToFill("BTCUSDT", Interval.M5, T + 3 * M5 + M5 / 2).orElseThrow();
        assertEquals(T + M5, gap.fromStartMs());
        assertEquals(T + 2 * M5, gap.toStartMs());
        assertEquals(2, gap.candles());
    }

    @Test
    void livePushRacingTheBackfillIsHeldUntilTheGapCloses() {
        ConfirmedCandleGate gate = new ConfirmedCandleGate();
        gate.accept("BTCUSDT", Interval.M5, List.of(at(0)));
        gate.gapToFill("BTCUSDT", Interval.M5, T + 4 * M5 + 1).orElseThrow(); // missed 1..3
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(4))), "held: 1..3 not delivered yet");
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(2))), "held: 1 still missing");
        assertEquals(List.of(at(1), at(2), at(3), at(4)),
                gate.accept("BTCUSDT", Interval.M5, List.of(at(0), at(1), at(2), at(3))), "REST page overlapping both sides");
        assertEquals(List.of(at(5)), gate.accept("BTCUSDT", Interval.M5, List.of(at(4), at(5))), "gap closed: normal delivery");
    }

    @Test
    void aPushBeyondTheGapBeingFilledKeepsTheNextGapOpenInsteadOfSkippingIt() {
        ConfirmedCandleGate gate = new ConfirmedCandleGate();
        gate.accept("BTCUSDT", Interval.M5, List.of(at(0)));
        gate.gapToFill("BTCUSDT", Interval.M5, T + 2 * M5 + 1).orElseThrow(); // missed 1, as this node's clock says
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(4))), "pushed while filling: 2, 3 missing too");
        assertEquals(List.of(at(1)), gate.accept("BTCUSDT", Interval.M5, List.of(at(1))), "the fill closes its gap");
        ConfirmedCandleGate.Gap next = gate.openGap("BTCUSDT", Interval.M5).orElseThrow();
        assertEquals(T + 2 * M5, next.fromStartMs());
        assertEquals(T + 3 * M5, next.toStartMs());
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(5))), "still held behind the open gap");
        assertEquals(List.of(at(2), at(3), at(4), at(5)), gate.accept("BTCUSDT", Interval.M5, List.of(at(2), at(3))));
        assertTrue(gate.openGap("BTCUSDT", Interval.M5).isEmpty());
    }

    @Test
    void abandonedGapReleasesHeldCandles() {
        ConfirmedCandleGate gate = new ConfirmedCandleGate();
        gate.accept("BTCUSDT", Interval.M5, List.of(at(0)));
        gate.gapToFill("BTCUSDT", Interval.M5, T + 3 * M5 + 1).orElseThrow();
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(3))));
        assertEquals(List.of(at(3)), gate.abandonGap("BTCUSDT", Interval.M5));
        assertEquals(List.of(), gate.accept("BTCUSDT", Interval.M5, List.of(at(1))), "older than delivered: dropped");
        assertThrows(IllegalArgumentException.class, () -> gate.accept("X", Interval.MONTH, List.of()));
    }
}
