package io.pybitbot.exchange.bybit.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectPacerTest {

    @Test
    void connectsBeyondTheWindowsLimitWaitForTheOldestToLeaveIt() {
        ConnectPacer p = new ConnectPacer(3, 1000);
        assertEquals(0, p.reserve(0));
        assertEquals(10, p.reserve(10));
        assertEquals(20, p.reserve(20));
        assertEquals(1000, p.reserve(30), "the fourth waits until the first is a window old");
        assertEquals(1010, p.reserve(40));
        assertEquals(1500, p.reserve(1500), "room again: at once");
        assertEquals(3, p.inWindow(1500));
    }

    @Test
    void aReconnectWaveNeverPutsMoreThanTheLimitIntoAnyWindow() {
        ConnectPacer p = new ConnectPacer(ConnectPacer.BYBIT_CONNECTS, ConnectPacer.BYBIT_WINDOW_MS);
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            granted.add(p.reserve(i)); // 1,200 streams asking within 1.2 s: a start, then a reconnect wave
        }
        for (int i = 0; i + ConnectPacer.BYBIT_CONNECTS < granted.size(); i++) {
            long span = granted.get(i + ConnectPacer.BYBIT_CONNECTS) - granted.get(i);
            assertTrue(span >= ConnectPacer.BYBIT_WINDOW_MS, "connects " + i + " and " + (i + 500) + " are " + span
                    + " ms apart, inside one window");
        }
        assertEquals(499, granted.get(499), "the first 500 at once");
        assertEquals(ConnectPacer.BYBIT_WINDOW_MS, granted.get(500), "the 501st waits for the first to leave the window");
        assertEquals(2 * ConnectPacer.BYBIT_WINDOW_MS, granted.get(1000), "the third 500 wait two windows");
    }

    @Test
    void aPacerNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectPacer(0, 1000));
    }
}
