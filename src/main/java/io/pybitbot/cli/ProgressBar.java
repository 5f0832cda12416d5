package io.pybitbot.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line for long runs: percent, count, rate and time left. On a terminal it is one line redrawn in place
 * (at most every 1 %); into a file or a pipe it prints a plain line every 10 %, no carriage returns. Prints nothing
 * when disabled ({@code --quiet}). {@link #finish()} ends at 100 %; {@link #stop(String)} ends where it got to, so a
 * failed run never shows 100 %.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean enabled;
    private final boolean interactive;
    private final LongSupplier nanos;
    private final long startNanos;
    private long nextRedraw;
    private int lastPercent = -1;
    private long done;
    private boolean ended;

    /** To a terminal when there is one ({@link System#console()}), timed by the JVM's monotonic clock. */
    public ProgressBar(PrintStream out, String label, long total, boolean enabled) {
        this(out, label, "candles", total, enabled, System.console() != null, System::nanoTime);
    }

    /**
     * @param interactive redraw one line in place (a terminal) rather than print a line every 10 %
     * @param nanos       a monotonic clock in nanoseconds, for the rate and the time left
     */
    public ProgressBar(PrintStream out, String label, String unit, long total, boolean enabled, boolean interactive,
                       LongSupplier nanos) {
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.total = Math.max(1, total);
        this.enabled = enabled && total > 0;
        this.interactive = interactive;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.nextRedraw = 0;
    }

    /** Reports {@code done} units out of the total; cheap when nothing needs redrawing. */
    public void update(long done) {
        this.done = Math.max(this.done, done);
        if (!enabled || ended || done < nextRedraw) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        int step = interactive ? 1 : 10;
        int next = (percent / step + 1) * step;
        nextRedraw = next * total / 100;
        if (percent != lastPercent && (interactive || percent % step == 0 || percent == 100)) {
            lastPercent = percent;
            draw(percent, "");
        }
    }

    /** Completes the line at 100 %. */
    public void finish() {
        if (enabled && !ended) {
            update(total);
            end();
        }
    }

    /** Ends the line where the work got to, saying why it stopped. */
    public void stop(String why) {
        if (enabled && !ended) {
            int percent = (int) Math.min(100, done * 100 / total);
            draw(percent, " stopped: " + why);
            end();
        }
    }

    private void end() {
        ended = true;
        if (interactive) {
            out.println();
        }
        out.flush();
    }

    private void draw(int percent, String suffix) {
        int filled = percent * WIDTH / 100;
        String line = label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                + String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit) + rateAndEta() + suffix;
        if (interactive) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private String rateAndEta() {
        double seconds = (nanos.getAsLong() - startNanos) / 1e9;
        if (seconds < 0.5 || done == 0) {
            return "";
        }
        double rate = done / seconds;
        long left = (long) Math.ceil((total - Math.min(done, total)) / rate);
        return String.format(Locale.ROOT, ", %,.0f/s", rate) + (done < total ? ", " + clock(left) + " left" : "");
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
