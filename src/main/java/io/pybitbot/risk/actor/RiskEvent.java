package io.pybitbot.risk.actor;

import io.pybitbot.CborSerializable;

/** What Risk journals: the facts a restart must not forget. Times are event times in epoch ms. */
public sealed interface RiskEvent extends CborSerializable {

    /** Equity reached a new high: the drawdown kill switch measures from here. */
    record PeakRaised(double peakEquity, long timeMs) implements RiskEvent {}

    /** A new UTC day (days since the epoch) began with this equity: the daily loss limit measures from it. */
    record DayRolledOver(long day, double dayStartEquity, long timeMs) implements RiskEvent {}

    /** Entries halted until an operator lifts it. {@code reason} is a {@link io.pybitbot.risk.DenyReason} name. */
    record Halted(String reason, String message, long timeMs) implements RiskEvent {}

    /** An operator lifted the halt; the peak restarts at the equity of that moment. */
    record HaltLifted(String operator, double peakEquity, long timeMs) implements RiskEvent {}

    /**
     * Entries on {@code symbol} alone halted, until an operator resumes: its protective actions kept failing
     * ({@code source} says whose: tpsl, execution).
     */
    record SymbolHalted(String symbol, String source, String message, long timeMs) implements RiskEvent {}

    /** An operator lifted the symbol halts while trading as a whole was not halted (the peak is left alone). */
    record SymbolHaltsLifted(String operator, long timeMs) implements RiskEvent {}

    /** An operator paused {@code strategy}: no new entries from it until resumed. */
    record StrategyPaused(String strategy, String operator, long timeMs) implements RiskEvent {}

    /** An operator resumed {@code strategy}. */
    record StrategyResumed(String strategy, String operator, long timeMs) implements RiskEvent {}

    /** No entry on {@code symbol} before {@code untilMs} (after a losing trade). */
    record CooldownStarted(String symbol, long untilMs, long timeMs) implements RiskEvent {}
}
