package io.pybitbot.sim.engine;

import java.math.BigDecimal;

/**
 * The simulated unified account (USDT only, cross margin).
 *
 * @param walletBalance   deposits + realised PnL - fees
 * @param equity          walletBalance + unrealised PnL
 * @param availableBalance equity - position IM - order IM (what new orders can use)
 */
public record WalletView(BigDecimal walletBalance, BigDecimal equity, BigDecimal unrealisedPnl,
                         BigDecimal cumRealisedPnl, BigDecimal positionIM, BigDecimal orderIM,
                         BigDecimal maintenanceMargin, BigDecimal availableBalance) {
}
