package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalOneLineIsRedrawnWithRateAndTimeLeft() {
        ProgressBar bar = new ProgressBar(out, "download", "candles", 1000, true, true, nanos::get);
        nanos.set(2_000_000_000L);
        bar.update(250); // 125 a second: 6 s left
        assertTrue(text().endsWith("\rdownload [#######                       ] 25% 250/1,000 candles, 125/s, 0:06 left   "),
                text());
        bar.finish();
        assertTrue(text().contains("100% 1,000/1,000 candles"), text());
        assertTrue(text().endsWith(System.lineSeparator()), "the line is ended");
    }

    @Test
    void intoAFileItPrintsAPlainLineEveryTenPercentAndNoCarriageReturns() {
        ProgressBar bar = new ProgressBar(out, "backtest", "candles", 100, true, false, nanos::get);
        for (int i = 1; i <= 100; i++) {
            nanos.addAndGet(10_000_000L);
            bar.update(i);
        }
        bar.finish();
        assertFalse(text().contains("\r"), text());
        assertEquals(10, text().lines().count(), text());
        assertTrue(text().lines().allMatch(l -> l.startsWith("backtest [")), text());
    }

    @Test
    void aStoppedRunEndsWhereItGotToNotAt100Percent() {
        ProgressBar bar = new ProgressBar(out, "download", "candles", 200, true, false, nanos::get);
        bar.update(0);
        bar.stop("could not reach the exchange");
        bar.finish();
        assertFalse(text().contains("100%"), text());
        assertTrue(text().strip().endsWith("0/200 candles stopped: could not reach the exchange"), text());
    }

    @Test
    void quietPrintsNothing() {
        ProgressBar bar = new ProgressBar(out, "download", "candles", 200, false, true, nanos::get);
        bar.update(100);
        bar.finish();
        assertEquals("", text());
    }
}
