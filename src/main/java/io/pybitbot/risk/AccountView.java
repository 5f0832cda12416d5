package io.pybitbot.risk;

/**
 * What the risk rules need to know about the account, in USDT. The backtester passes its
 * {@code portfolio.Portfolio}; the live Risk actor passes an {@link AccountSnapshot} built from wallet
 * and position updates. Mark-to-market figures are {@code double}: they are estimates at a price and
 * are only compared against limits.
 */
public interface AccountView {

    /** Balance plus unrealized PnL at the latest marks. */
    double equity();

    /** Highest equity seen; the drawdown kill switch measures from it. */
    double peakEquity();

    /** Equity at the start of the current UTC day; the daily loss limit measures from it. */
    double dayStartEquity();

    int openPositionCount();

    /** Sum over positions of |qty * mark|. */
    double totalExposure();

    /** |qty * mark| of the symbol's position, 0 without one. */
    double symbolExposure(String symbol);

    boolean hasPosition(String symbol);
}
