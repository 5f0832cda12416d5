package io.pybitbot.risk.actor;

import io.pybitbot.CborSerializable;
import io.pybitbot.risk.DenyReason;
import io.pybitbot.risk.RiskState;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Risk's journaled state, rebuilt from {@link RiskEvent}s (and snapshots): peak equity, the UTC day and its
 * starting equity, the halt, symbol halts, cooldowns. Immutable; {@link #apply} gives the next state. Current equity and
 * exposure are not here: after a restart they come from the exchange again.
 *
 * @param day        UTC day (days since the epoch) of {@code dayStartEquity}; {@link Long#MIN_VALUE} before the first
 * @param haltReason a {@link DenyReason} name, or null while trading
 */
public record RiskBook(double peakEquity, long day, double dayStartEquity, String haltReason, String haltMessage,
                       long haltedAtMs, String haltLiftedBy, Map<String, Long> cooldownUntilMs,
                       Map<String, String> symbolHalts, Map<String, String> pausedStrategies)
        implements CborSerializable {

    public RiskBook {
        haltMessage = haltMessage == null ? "" : haltMessage;
        haltLiftedBy = haltLiftedBy == null ? "" : haltLiftedBy;
        cooldownUntilMs = Map.copyOf(Objects.requireNonNullElse(cooldownUntilMs, Map.of()));
        // absent from snapshots journaled before symbol halts existed
        symbolHalts = Map.copyOf(Objects.requireNonNullElse(symbolHalts, Map.of()));
        pausedStrategies = Map.copyOf(Objects.requireNonNullElse(pausedStrategies, Map.of()));
    }

    public static RiskBook empty() {
        return new RiskBook(0, Long.MIN_VALUE, 0, null, "", 0, "", Map.of(), Map.of(), Map.of());
    }

    public boolean halted() {
        return haltReason != null;
    }

    public boolean dayKnown() {
        return day != Long.MIN_VALUE;
    }

    public RiskBook apply(RiskEvent e) {
        if (e instanceof RiskEvent.PeakRaised p) {
            return new RiskBook(Math.max(peakEquity, p.peakEquity()), day, dayStartEquity, haltReason, haltMessage,
                    haltedAtMs, haltLiftedBy, cooldownUntilMs, symbolHalts, pausedStrategies);
        }
        if (e instanceof RiskEvent.DayRolledOver d) {
            return new RiskBook(peakEquity, d.day(), d.dayStartEquity(), haltReason, haltMessage, haltedAtMs,
                    haltLiftedBy, cooldownUntilMs, symbolHalts, pausedStrategies);
        }
        if (e instanceof RiskEvent.Halted h) {
            return new RiskBook(peakEquity, day, dayStartEquity, h.reason(), h.message(), h.timeMs(), haltLiftedBy,
                    cooldownUntilMs, symbolHalts, pausedStrategies);
        }
        if (e instanceof RiskEvent.SymbolHalted h) {
            Map<String, String> halts = new TreeMap<>(symbolHalts);
            halts.putIfAbsent(h.symbol(), h.message());
            return new RiskBook(peakEquity, day, dayStartEquity, haltReason, haltMessage, haltedAtMs, haltLiftedBy,
                    cooldownUntilMs, halts, pausedStrategies);
        }
        if (e instanceof RiskEvent.SymbolHaltsLifted l) {
            return new RiskBook(peakEquity, day, dayStartEquity, haltReason, haltMessage, haltedAtMs, l.operator(),
                    cooldownUntilMs, Map.of(), pausedStrategies);
        }
        if (e instanceof RiskEvent.HaltLifted l) {
            return new RiskBook(l.peakEquity(), day, dayStartEquity, null, "", 0, l.operator(), cooldownUntilMs, Map.of(),
                    pausedStrategies);
        }
        if (e instanceof RiskEvent.StrategyPaused sp) {
            Map<String, String> paused = new TreeMap<>(pausedStrategies);
            paused.put(sp.strategy(), "paused by " + sp.operator() + " at " + java.time.Instant.ofEpochMilli(sp.timeMs()));
            return new RiskBook(peakEquity, day, dayStartEquity, haltReason, haltMessage, haltedAtMs, haltLiftedBy,
                    cooldownUntilMs, symbolHalts, paused);
        }
        if (e instanceof RiskEvent.StrategyResumed sr) {
            Map<String, String> paused = new TreeMap<>(pausedStrategies);
            paused.remove(sr.strategy());
            return new RiskBook(peakEquity, day, dayStartEquity, haltReason, haltMessage, haltedAtMs, haltLiftedBy,
                    cooldownUntilMs, symbolHalts, paused);
        }
        RiskEvent.CooldownStarted c = (RiskEvent.CooldownStarted) e;
        Map<String, Long> cooldowns = new TreeMap<>(cooldownUntilMs);
        cooldowns.merge(c.symbol(), c.untilMs(), Math::max);
        return new RiskBook(peakEquity, day, dayStartEquity, haltReason, haltMessage, haltedAtMs, haltLiftedBy, cooldowns,
                symbolHalts, pausedStrategies);
    }

    /** A scratch {@link RiskState} for {@link io.pybitbot.risk.RiskRules}, which latch halts and cooldowns in it. */
    public RiskState toRiskState() {
        return RiskState.restore(halted() ? DenyReason.valueOf(haltReason) : null, haltMessage, haltedAtMs,
                cooldownUntilMs, symbolHalts, pausedStrategies);
    }
}
