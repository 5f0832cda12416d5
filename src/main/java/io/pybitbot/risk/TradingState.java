package io.pybitbot.risk;

/** Whether new entries are allowed. Exits are always allowed. */
public enum TradingState { ACTIVE, HALTED }
