package io.pybitbot.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the risk rules remember between checks: the trading state (a tripped kill switch stays HALTED
 * until {@link #reset()}) and per-symbol cooldowns. Times are event times in epoch milliseconds.
 */
public final class RiskState {

    private TradingState state = TradingState.ACTIVE;
    private DenyReason haltReason;
    private String haltMessage = "";
    private long haltedAtMs;
    private final Map<String, Long> cooldownUntilMs = new HashMap<>();
    private final Map<String, String> symbolHalts = new TreeMap<>();
    private final Map<String, String> pausedStrategies = new TreeMap<>();

    public TradingState tradingState() {
        return state;
    }

    public boolean halted() {
        return state == TradingState.HALTED;
    }

    /** Why trading is halted, null while ACTIVE. */
    public DenyReason haltReason() {
        return haltReason;
    }

    public String haltMessage() {
        return haltMessage;
    }

    public long haltedAtMs() {
        return haltedAtMs;
    }

    /** Halts by hand (reason TRADING_HALTED). No effect if already halted. */
    public void halt(String message, long timeMs) {
        halt(DenyReason.TRADING_HALTED, message, timeMs);
    }

    void halt(DenyReason reason, String message, long timeMs) {
        if (state == TradingState.HALTED) {
            return;
        }
        state = TradingState.HALTED;
        haltReason = reason;
        haltMessage = message;
        haltedAtMs = timeMs;
    }

    /**
     * A state as it was journaled: halted when {@code haltReason} is not null, with these cooldowns.
     */
    public static RiskState restore(DenyReason haltReason, String haltMessage, long haltedAtMs,
                                    Map<String, Long> cooldownUntilMs) {
        RiskState s = new RiskState();
        if (haltReason != null) {
            s.halt(haltReason, haltMessage, haltedAtMs);
        }
        s.cooldownUntilMs.putAll(cooldownUntilMs);
        return s;
    }

    /**
     * As above, with the symbols whose entries are halted on their own (symbol to why), e.g. because their
     * protective actions kept failing.
     */
    public static RiskState restore(DenyReason haltReason, String haltMessage, long haltedAtMs,
                                    Map<String, Long> cooldownUntilMs, Map<String, String> symbolHalts) {
        RiskState s = restore(haltReason, haltMessage, haltedAtMs, cooldownUntilMs);
        s.symbolHalts.putAll(symbolHalts);
        return s;
    }

    /** As restored, plus strategies paused by an operator (strategy to who and when). */
    public static RiskState restore(DenyReason haltReason, String haltMessage, long haltedAtMs,
                                    Map<String, Long> cooldownUntilMs, Map<String, String> symbolHalts,
                                    Map<String, String> pausedStrategies) {
        RiskState s = restore(haltReason, haltMessage, haltedAtMs, cooldownUntilMs, symbolHalts);
        s.pausedStrategies.putAll(pausedStrategies);
        return s;
    }

    /** No new entries from {@code strategy} until {@link #resumeStrategy}; its open positions are left alone. */
    public void pauseStrategy(String strategy, String message) {
        pausedStrategies.putIfAbsent(strategy, message);
    }

    public void resumeStrategy(String strategy) {
        pausedStrategies.remove(strategy);
    }

    public boolean strategyPaused(String strategy) {
        return pausedStrategies.containsKey(strategy);
    }

    /** Strategies paused by an operator, with who and when. */
    public Map<String, String> pausedStrategies() {
        return Map.copyOf(pausedStrategies);
    }

    /** Halts entries on {@code symbol} alone; the first reason is kept. Exits are still allowed. */
    public void haltSymbol(String symbol, String message) {
        symbolHalts.putIfAbsent(symbol, message);
    }

    public boolean symbolHalted(String symbol) {
        return symbolHalts.containsKey(symbol);
    }

    /** Symbols halted on their own, with why. */
    public Map<String, String> symbolHalts() {
        return Map.copyOf(symbolHalts);
    }

    /** Every cooldown end by symbol (including ones that have passed). */
    public Map<String, Long> cooldowns() {
        return Map.copyOf(cooldownUntilMs);
    }

    /** Back to ACTIVE (an operator's decision after a halt), symbol halts lifted too. Cooldowns are kept. */
    public void reset() {
        symbolHalts.clear();
        state = TradingState.ACTIVE;
        haltReason = null;
        haltMessage = "";
        haltedAtMs = 0;
    }

    /** Blocks entries on {@code symbol} until {@code untilMs} (exclusive); never shortens a running cooldown. */
    public void startCooldown(String symbol, long untilMs) {
        cooldownUntilMs.merge(symbol, untilMs, Math::max);
    }

    /** End of the symbol's cooldown, or {@link Long#MIN_VALUE} when none was ever set. */
    public long cooldownUntil(String symbol) {
        Long until = cooldownUntilMs.get(symbol);
        return until == null ? Long.MIN_VALUE : until;
    }

    public boolean inCooldown(String symbol, long nowMs) {
        return nowMs < cooldownUntil(symbol);
    }
}
