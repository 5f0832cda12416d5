package io.pybitbot.cli;

import io.pybitbot.sim.SimulatedExchange;
import io.pybitbot.sim.engine.PositionView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Samples the simulator's open positions every 100 ms on a daemon thread and keeps the longest time one of them went
 * without an exchange-side stop-loss: "protected throughout" as the simulator saw it.
 */
final class StopWatch implements AutoCloseable {

    private final SimulatedExchange sim;
    private final Thread thread;
    private final Map<String, Long> bareSince = new HashMap<>();
    private volatile long longestBareMs;
    private volatile String longestBare = "none";
    private volatile boolean running = true;

    StopWatch(SimulatedExchange sim) {
        this.sim = sim;
        this.thread = new Thread(this::run, "stop-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long now = System.currentTimeMillis();
            Set<String> bare = new HashSet<>();
            for (PositionView p : sim.core().engine().openPositions()) {
                if (p.stopLoss() == null || p.stopLoss().signum() <= 0) {
                    bare.add(p.side() + " " + p.symbol());
                }
            }
            bareSince.keySet().retainAll(bare);
            for (String p : bare) {
                long since = bareSince.computeIfAbsent(p, k -> now);
                if (now - since > longestBareMs) {
                    longestBareMs = now - since;
                    longestBare = p;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long longestBareMs() {
        return longestBareMs;
    }

    /** E.g. "0 ms" or "1200 ms (BUY BTCUSDT)". */
    String describe() {
        return longestBareMs + " ms" + (longestBareMs > 0 ? " (" + longestBare + ")" : "");
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(1000);
    }
}
