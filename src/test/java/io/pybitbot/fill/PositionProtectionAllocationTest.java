package io.pybitbot.fill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.tpsl.ProtectionPlan;
import io.pybitbot.tpsl.TickGrid;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-candle evaluation must not allocate: the backtester calls it for every candle of every position. */
class PositionProtectionAllocationTest {

    @Test
    void evaluatingQuietCandlesAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "allocation counter not available");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
                "allocation counter not enabled");

        Candle[] candles = new Candle[64];
        for (int i = 0; i < candles.length; i++) {
            double o = 100 + (i % 8) * 0.1;
            candles[i] = Candle.closed(i * 60_000L, o, o + 0.5, o - 0.5, o + ((i & 1) == 0 ? 0.2 : -0.2), 1, 1);
        }
        // trailing and break-even active so every branch of the hot path runs; lows (>= 99.5) stay above every stop
        PositionProtection p = PositionProtection.of(
                new ProtectionPlan(Side.BUY, 100.0, 90.0, 120.0, 5.0, 100.5, 100.6, 98.0), new TickGrid(0.01));
        long threadId = Thread.currentThread().getId();
        int rounds = 200_000;
        for (int i = 0; i < rounds; i++) { // warm up so the measured loop runs compiled code
            p.onCandle(candles[i & 63]);
        }
        long before = bean.getThreadAllocatedBytes(threadId);
        int quiet = 0;
        for (int i = 0; i < rounds; i++) {
            if (p.onCandle(candles[i & 63]) == Trigger.NONE) {
                quiet++;
            }
        }
        long allocated = bean.getThreadAllocatedBytes(threadId) - before;
        assertEquals(rounds, quiet);
        // one object per candle would be >= 3.2 MB; allow a little for the measurement itself
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes over " + rounds + " candles");
    }
}
