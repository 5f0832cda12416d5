package io.pybitbot.fill;

import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Side;
import io.pybitbot.tpsl.ProtectionPlan;
import io.pybitbot.tpsl.TickGrid;
import io.pybitbot.tpsl.TpSlCalculator;
import java.util.Objects;

/**
 * The live protective state of one open position: stop-loss, take-profit, trailing stop and
 * break-even, walked through each candle by the rules of {@link FillModel}. Mutable and reusable
 * ({@link #reset}) so the backtester evaluates a candle with no allocation.
 *
 * <p>Per candle, {@link #onCandle} does, in this order:
 * <ol>
 *   <li><b>Gap at the open.</b> If the open is at or through the effective stop, the stop triggers at the
 *       open; else if it is at or through the target, the target triggers at the open.</li>
 *   <li>The open is a price like any other: it may raise the best price (trailing, break-even).</li>
 *   <li><b>Both inside one candle.</b> If the effective stop and the target both lie within
 *       [low, high], the stop triggers at its level (we cannot know which came first: assume the worse).</li>
 *   <li><b>The path.</b> Otherwise price walks O &rarr; L &rarr; H &rarr; C when the candle closes at or
 *       above its open, O &rarr; H &rarr; L &rarr; C when it closes below. On each leg in the position's
 *       favour the target is checked, then the best price, the trailing stop and the break-even move are
 *       updated at the leg's end; on each leg against it the (possibly just moved) stop is checked. A
 *       level crossed by a leg triggers at the level itself.</li>
 * </ol>
 * The stop that applies is the tighter of the stop-loss and the trailing stop; a trigger reports which one.
 */
public final class PositionProtection {

    private final TickGrid grid;

    private Side side;
    private int sign;
    private double entry;
    private double stopLoss;
    private boolean stopIsBreakEven;
    private double takeProfit;
    private double trailDistance;
    private double trailActivation;
    private boolean trailArmed;
    private double trailStop;
    private double bestPrice;
    private double breakEvenTrigger;
    private double breakEvenStop;
    private boolean breakEvenDone;

    private Trigger trigger = Trigger.NONE;
    private double exitPrice = Double.NaN;
    private boolean stopMoved;

    public PositionProtection(TickGrid grid) {
        this.grid = Objects.requireNonNull(grid, "grid");
    }

    public static PositionProtection of(ProtectionPlan plan, TickGrid grid) {
        PositionProtection p = new PositionProtection(grid);
        p.reset(plan);
        return p;
    }

    /** Starts protecting a new position. */
    public void reset(ProtectionPlan plan) {
        side = plan.side();
        sign = side.sign();
        entry = plan.entryPrice();
        stopLoss = plan.stopLoss();
        stopIsBreakEven = false;
        takeProfit = plan.takeProfit();
        trailDistance = plan.trailingDistance();
        trailActivation = plan.trailingActivation();
        trailArmed = false;
        trailStop = Double.NaN;
        bestPrice = entry;
        breakEvenTrigger = plan.breakEvenTrigger();
        breakEvenStop = plan.breakEvenStop();
        breakEvenDone = !plan.hasBreakEven();
        trigger = Trigger.NONE;
        exitPrice = Double.NaN;
        stopMoved = false;
        favour(entry);
    }

    /**
     * Walks one candle. Returns {@link Trigger#NONE} when the position survives (then {@link #stopMoved()}
     * says whether the stop was tightened), else the trigger, with the price at which the exit order was
     * triggered in {@link #exitPrice()} (before slippage, see {@link FillModel#protectiveExit}). After a
     * trigger the position is closed and further calls fail until {@link #reset}.
     */
    public Trigger onCandle(Candle c) {
        requireOpen();
        double before = effectiveStop();
        double open = c.open();
        if (stopHit(open)) {
            return fire(bindingStop(), open);
        }
        if (targetHit(open)) {
            return fire(Trigger.TAKE_PROFIT, open);
        }
        favour(open);
        double stop = effectiveStop();
        double adverse = sign > 0 ? c.low() : c.high();
        double favourable = sign > 0 ? c.high() : c.low();
        if (!Double.isNaN(stop) && !Double.isNaN(takeProfit) && stopHit(adverse) && targetHit(favourable)) {
            return fire(bindingStop(), stop);
        }
        boolean bullish = c.close() >= open;
        double first = bullish ? c.low() : c.high();
        double second = bullish ? c.high() : c.low();
        if (leg(open, first) || leg(first, second) || leg(second, c.close())) {
            return trigger;
        }
        stopMoved = !sameLevel(before, effectiveStop());
        return Trigger.NONE;
    }

    /**
     * Live use: a new last price (or a new extreme) was seen. Updates the best price, trailing stop and
     * break-even move; returns true when the effective stop tightened. Does not check for triggers: on a
     * live position the exchange does that.
     */
    public boolean onPrice(double price) {
        requireOpen();
        double before = effectiveStop();
        favour(price);
        stopMoved = !sameLevel(before, effectiveStop());
        return stopMoved;
    }

    /** Replaces the stop-loss (e.g. after an operator moved it); NaN removes it. */
    public void setStopLoss(double price) {
        stopLoss = price;
        stopIsBreakEven = false;
    }

    /** Replaces the take-profit; NaN removes it. */
    public void setTakeProfit(double price) {
        takeProfit = price;
    }

    /** @return true when the leg triggered (state then holds the trigger) */
    private boolean leg(double from, double to) {
        double move = sign * (to - from);
        if (move > 0) {
            if (targetHit(to)) {
                fire(Trigger.TAKE_PROFIT, takeProfit);
                return true;
            }
            favour(to);
        } else if (move < 0 && stopHit(to)) {
            fire(bindingStop(), effectiveStop());
            return true;
        }
        return false;
    }

    private void favour(double price) {
        if (sign * (price - bestPrice) > 0) {
            bestPrice = price;
        }
        if (!Double.isNaN(trailDistance)) {
            if (!trailArmed && (Double.isNaN(trailActivation) || TpSlCalculator.reached(side, bestPrice, trailActivation))) {
                trailArmed = true;
            }
            if (trailArmed) {
                trailStop = TpSlCalculator.trail(side, trailStop, bestPrice, trailDistance, grid);
            }
        }
        if (!breakEvenDone && TpSlCalculator.reached(side, bestPrice, breakEvenTrigger)) {
            breakEvenDone = true;
            if (TpSlCalculator.tightens(side, breakEvenStop, stopLoss)) {
                stopLoss = breakEvenStop;
                stopIsBreakEven = true;
            }
        }
    }

    private Trigger fire(Trigger t, double price) {
        trigger = t;
        exitPrice = price;
        stopMoved = false;
        return t;
    }

    private boolean stopHit(double price) {
        double stop = effectiveStop();
        return !Double.isNaN(stop) && sign * (price - stop) <= 0;
    }

    private boolean targetHit(double price) {
        return !Double.isNaN(takeProfit) && sign * (price - takeProfit) >= 0;
    }

    private Trigger bindingStop() {
        if (TpSlCalculator.tightens(side, trailStop, stopLoss)) {
            return Trigger.TRAILING_STOP;
        }
        return stopIsBreakEven ? Trigger.BREAK_EVEN_STOP : Trigger.STOP_LOSS;
    }

    private void requireOpen() {
        if (side == null) {
            throw new IllegalStateException("no position: call reset(plan) first");
        }
        if (trigger != Trigger.NONE) {
            throw new IllegalStateException("position already closed by " + trigger + " at " + exitPrice
                    + "; call reset(plan) for a new one");
        }
    }

    private static boolean sameLevel(double a, double b) {
        return Double.isNaN(a) ? Double.isNaN(b) : a == b;
    }

    /** The stop that applies now: the tighter of stop-loss and trailing stop; NaN for none. */
    public double effectiveStop() {
        return TpSlCalculator.tightens(side, trailStop, stopLoss) ? trailStop : stopLoss;
    }

    public Side side() {
        return side;
    }

    public double entryPrice() {
        return entry;
    }

    public double stopLoss() {
        return stopLoss;
    }

    public double takeProfit() {
        return takeProfit;
    }

    /** Current trailing stop level; NaN until the trail arms. */
    public double trailingStop() {
        return trailStop;
    }

    public boolean trailingArmed() {
        return trailArmed;
    }

    public boolean breakEvenApplied() {
        return stopIsBreakEven;
    }

    /** Best price seen since entry (highest for a long, lowest for a short). */
    public double bestPrice() {
        return bestPrice;
    }

    /** The last trigger, {@link Trigger#NONE} while open. */
    public Trigger trigger() {
        return trigger;
    }

    /** Price at which the exit was triggered (the level, or the open on a gap); NaN while open. */
    public double exitPrice() {
        return exitPrice;
    }

    /** True when the last {@link #onCandle}/{@link #onPrice} tightened the effective stop. */
    public boolean stopMoved() {
        return stopMoved;
    }
}
