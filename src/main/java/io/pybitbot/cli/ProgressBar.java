package io.pybitbot.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar for long runs, redrawn in place with a carriage return. It redraws at most
 * every 1% so it costs nothing in hot loops, and prints nothing when disabled (e.g. {@code --quiet}).
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean enabled;
    private long nextRedraw;
    private int lastPercent = -1;

    public ProgressBar(PrintStream out, String label, long total, boolean enabled) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.enabled = enabled && total > 0;
        this.nextRedraw = 0;
    }

    /** Reports {@code done} units out of the total; cheap when nothing needs redrawing. */
    public void update(long done) {
        if (!enabled || done < nextRedraw) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        nextRedraw = (percent + 1) * total / 100;
        if (percent != lastPercent) {
            lastPercent = percent;
            int filled = percent * WIDTH / 100;
            out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
            out.flush();
        }
    }

    /** Completes the line. */
    public void finish() {
        if (enabled) {
            update(total);
            out.println();
        }
    }
}
