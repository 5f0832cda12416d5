package io.pybitbot.fill;

/** Whether a fill added liquidity (maker, resting limit) or took it (taker: market, triggered, marketable limit). */
public enum Liquidity { MAKER, TAKER }
