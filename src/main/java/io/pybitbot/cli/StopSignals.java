package io.pybitbot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM while a node runs: the first asks for a graceful stop ({@link #requested()}
 * completes with the signal's name), the second stops the process at once (exit 130). Replaces the JVM's
 * own handlers, which would start the shutdown hooks and end the process before the stop is done; {@link #close}
 * puts them back.
 */
final class StopSignals implements AutoCloseable {

    private final CompletableFuture<String> requested = new CompletableFuture<>();
    private final AtomicInteger count = new AtomicInteger();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {
    }

    /** Installs the handlers; on a platform without these signals nothing is installed. */
    static StopSignals install(PrintWriter out) {
        StopSignals s = new StopSignals();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, sig -> s.onSignal("SIG" + sig.getName(), out));
                s.signals.add(signal);
                s.previous.add(old);
            } catch (IllegalArgumentException e) {
                // not available here (or reserved by the JVM): Ctrl-C keeps its default, immediate effect
            }
        }
        return s;
    }

    private void onSignal(String name, PrintWriter out) {
        if (count.incrementAndGet() == 1) {
            out.println(name + ": stopping gracefully (no new entries; " + "press Ctrl-C again to stop at once)");
            out.flush();
            requested.complete(name);
        } else {
            out.println(name + " again: stopping at once");
            out.flush();
            Runtime.getRuntime().halt(130);
        }
    }

    /** Completes with the signal's name when a stop is asked for. */
    CompletableFuture<String> requested() {
        return requested;
    }

    Optional<String> asked() {
        return Optional.ofNullable(requested.getNow(null));
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
