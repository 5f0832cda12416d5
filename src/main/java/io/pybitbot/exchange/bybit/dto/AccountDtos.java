package io.pybitbot.exchange.bybit.dto;

import java.math.BigDecimal;
import java.util.List;

/** {@code /v5/account/wallet-balance} and the WS {@code wallet} topic (USD-denominated strings). */
public final class AccountDtos {

    private AccountDtos() {}

    public record CoinBalance(String coin, BigDecimal equity, BigDecimal walletBalance, BigDecimal usdValue,
                              BigDecimal unrealisedPnl, BigDecimal cumRealisedPnl, BigDecimal totalPositionIM,
                              BigDecimal totalOrderIM, BigDecimal locked, BigDecimal borrowAmount) {}

    public record WalletAccount(String accountType, BigDecimal totalEquity, BigDecimal totalWalletBalance,
                                BigDecimal totalMarginBalance, BigDecimal totalAvailableBalance,
                                BigDecimal totalPerpUPL, BigDecimal totalInitialMargin,
                                BigDecimal totalMaintenanceMargin, BigDecimal accountIMRate,
                                BigDecimal accountMMRate, List<CoinBalance> coin) {
        public List<CoinBalance> coin() {
            return coin == null ? List.of() : coin;
        }
    }

    public record WalletBalance(List<WalletAccount> list) {
        public List<WalletAccount> list() {
            return list == null ? List.of() : list;
        }
    }
}
