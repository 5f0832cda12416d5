package io.pybitbot.indicator;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.ta4j.core.Indicator;
import org.ta4j.core.num.Num;

/** Comparison of our outputs, bar by bar, with a ta4j indicator over the same candles. */
final class Reference {

    /** Relative tolerance wherever the definitions agree. */
    static final double REL = 1e-9;

    private Reference() {
    }

    /**
     * True if {@code a} and {@code b} agree within {@link #REL} relative to the larger of |a|, |b| and
     * {@code scale}; the scale is the magnitude of the operands the value is computed from (so a MACD
     * near zero is judged against the price it is a difference of, not against itself).
     */
    static boolean close(double a, double b, double scale) {
        double mag = Math.max(scale, Math.max(Math.abs(a), Math.abs(b)));
        return Math.abs(a - b) <= REL * mag;
    }

    /** Asserts ours[i] equals ta4j's value at i for every i >= from, and that ours is NaN before {@code from}. */
    static void assertAgrees(String label, double[] ours, Indicator<Num> ta4j, int from, double scale) {
        assertAgrees(label, ours, ta4j, from, scale, Double.NaN);
    }

    /**
     * As {@link #assertAgrees(String, double[], Indicator, int, double)}, for bars where ta4j divides 0
     * by 0: there ours must equal {@code oursWhereTa4jIsNaN}, or such bars are skipped if that is NaN.
     */
    static void assertAgrees(String label, double[] ours, Indicator<Num> ta4j, int from, double scale,
                             double oursWhereTa4jIsNaN) {
        for (int i = 0; i < from && i < ours.length; i++) {
            if (!Double.isNaN(ours[i])) {
                fail(label + ": expected NaN during warm-up at bar " + i + " but got " + ours[i]);
            }
        }
        assertTrue(ours.length > from + 50, label + ": too few bars to compare (" + ours.length + ")");
        double worst = 0;
        int skipped = 0;
        for (int i = from; i < ours.length; i++) {
            double ref = ta4j.getValue(i).doubleValue();
            if (Double.isNaN(ref)) {
                if (!Double.isNaN(oursWhereTa4jIsNaN) && ours[i] != oursWhereTa4jIsNaN) {
                    fail(label + ": bar " + i + " ta4j=NaN, expected ours=" + oursWhereTa4jIsNaN + " but got " + ours[i]);
                }
                skipped++;
                continue;
            }
            if (!close(ours[i], ref, scale)) {
                fail(label + ": bar " + i + " ours=" + ours[i] + " ta4j=" + ref
                        + " relErr=" + Math.abs(ours[i] - ref) / Math.max(scale, Math.abs(ref)));
            }
            if (ours[i] != ref) {
                worst = Math.max(worst, Math.abs(ours[i] - ref) / Math.max(scale, Math.max(Math.abs(ref), Math.abs(ours[i]))));
            }
        }
        System.out.printf("%-32s agrees on %d bars from bar %d, worst relative error %.2e, ta4j 0/0 bars %d%n",
                label, ours.length - from, from, worst, skipped);
    }

    /**
     * Index of the first bar from which ours and ta4j agree within {@link #REL} up to the end, or -1
     * if they still disagree on the last bar.
     */
    static int convergedFrom(double[] ours, Indicator<Num> ta4j, int from, double scale) {
        int converged = -1;
        for (int i = ours.length - 1; i >= from; i--) {
            if (!close(ours[i], ta4j.getValue(i).doubleValue(), scale)) {
                break;
            }
            converged = i;
        }
        return converged;
    }

    /**
     * Asserts that a differently seeded indicator converges to ta4j's: they differ measurably right
     * after our warm-up, and from at most {@code maxBarsAfterWarmup} bars after it they agree within
     * {@link #REL} to the last bar.
     */
    static void assertConverges(String label, double[] ours, Indicator<Num> ta4j, int warmupIndex,
                                int maxBarsAfterWarmup, double scale) {
        for (int i = 0; i < warmupIndex; i++) {
            if (!Double.isNaN(ours[i])) {
                fail(label + ": expected NaN during warm-up at bar " + i + " but got " + ours[i]);
            }
        }
        double early = 0;
        for (int i = warmupIndex; i < warmupIndex + 5; i++) {
            early = Math.max(early, Math.abs(ours[i] - ta4j.getValue(i).doubleValue()));
        }
        double level = Math.max(scale, Math.abs(ta4j.getValue(warmupIndex).doubleValue()));
        assertTrue(early > 1e-6 * level, label + ": seeds should differ measurably right after warm-up, max diff " + early);
        int converged = convergedFrom(ours, ta4j, warmupIndex, scale);
        System.out.printf("%-32s first diff %.3e, within 1e-9 from %d bars after warm-up (bound %d)%n",
                label, early, converged - warmupIndex, maxBarsAfterWarmup);
        assertTrue(converged >= 0, label + ": never converged; last diff "
                + Math.abs(ours[ours.length - 1] - ta4j.getValue(ours.length - 1).doubleValue()));
        assertTrue(converged - warmupIndex <= maxBarsAfterWarmup, label + ": converged only " + (converged - warmupIndex)
                + " bars after warm-up, expected <= " + maxBarsAfterWarmup);
        assertTrue(ours.length - converged > 50, label + ": converged too close to the end of the data (bar "
                + converged + " of " + ours.length + ")");
    }

    /**
     * For a linear smoother (EMA, Wilder average) fed identical inputs, the gap between two runs that
     * differ only in their seed must shrink by exactly {@code decay} per bar. Checks that over
     * {@code bars} bars after warm-up, so the seed is shown to be the only difference.
     */
    static void assertGapDecaysGeometrically(String label, double[] ours, Indicator<Num> ta4j, int warmupIndex,
                                             int bars, double decay) {
        for (int i = warmupIndex; i < warmupIndex + bars; i++) {
            double gap = ours[i] - ta4j.getValue(i).doubleValue();
            double nextGap = ours[i + 1] - ta4j.getValue(i + 1).doubleValue();
            double tolerance = REL * Math.abs(ours[i + 1]);
            if (Math.abs(nextGap - decay * gap) > tolerance) {
                fail(label + ": at bar " + (i + 1) + " gap " + nextGap + " expected " + decay + " * " + gap);
            }
        }
    }
}
