package io.pybitbot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Instruments;
import io.pybitbot.domain.Side;
import io.pybitbot.sim.engine.NewOrder;
import io.pybitbot.sim.engine.SimExecution;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live-fed core (paper trading): candles from outside drive the matching engine as a replay does. */
class SimCoreLiveFeedTest {

    private static final long M5 = 300_000;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final SimCore core = new SimCore(List.of(Instruments.forSymbol("BTCUSDT", 30_000)),
            SimSettings.defaults(), clock::get);

    private void feed(long start, double open, double high, double low, double close, boolean confirmed, long now) {
        clock.set(now);
        core.feedLive("BTCUSDT", new Candle(start, open, high, low, close, 1, 1, confirmed));
    }

    @Test
    void marketOrderFillsOnArrivalAtTheLiveLastPriceAndTheStopWalksTheClosedCandle() {
        feed(0, 30_000, 30_050, 29_990, 30_020, false, 1_000);
        feed(0, 30_000, 30_080, 29_980, 30_060, false, 100_000);
        feed(0, 30_000, 30_090, 29_970, 30_080, true, M5);
        feed(M5, 30_100, 30_110, 30_095, 30_105, false, M5 + 10);
        core.engine().place(NewOrder.market("BTCUSDT", Side.BUY, "0.010"), M5 + 10);
        List<SimExecution> fills = core.engine().executions(e -> true);
        assertEquals(1, fills.size(), "filled on arrival");
        BigDecimal price = fills.get(0).execPrice();
        // the last price 30105, plus the default 2 bps of slippage against the buyer
        assertTrue(price.compareTo(new BigDecimal("30105")) >= 0 && price.compareTo(new BigDecimal("30112")) <= 0,
                price.toPlainString());
        assertEquals(0, core.engine().position("BTCUSDT").size().compareTo(new BigDecimal("0.010")));
        assertEquals(M5 + 10, fills.get(0).execTime(), "fills carry the market clock");

        core.engine().tradingStop("BTCUSDT", null, new BigDecimal("29900"), null, null, M5 + 20);
        feed(M5, 30_100, 30_110, 29_800, 29_850, false, M5 + 60_000);
        assertEquals(1, core.engine().executions(e -> true).size(), "a forming candle triggers no stop");
        feed(M5, 30_100, 30_110, 29_800, 29_850, true, 2 * M5);
        assertEquals(0, core.engine().position("BTCUSDT").size().signum(), "the closed candle hit the stop");
        int afterStop = core.engine().executions(e -> true).size();
        assertEquals(2, afterStop);

        feed(M5, 30_100, 30_110, 29_800, 29_850, true, 2 * M5 + 5);
        assertEquals(afterStop, core.engine().executions(e -> true).size(), "a repeated close is ignored");
        assertEquals(2 * M5 + 5, core.feedNowMs());
    }

    @Test
    void aReplayingCoreRefusesLiveCandles() {
        SimSettings settings = SimSettings.defaults().withData("synthetic", List.of("BTCUSDT"))
                .withSynthetic("1", 400, 7);
        SimCore replay = new SimCore(SimData.load(settings), settings, 0);
        assertThrows(IllegalStateException.class,
                () -> replay.feedLive("BTCUSDT", new Candle(0, 1, 1, 1, 1, 1, 1, true)));
    }
}
