package io.pybitbot.portfolio;

import static io.pybitbot.portfolio.PortfolioTest.assertMoney;
import static io.pybitbot.portfolio.PortfolioTest.fill;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Funding settlements: longs pay a positive rate, shorts receive it, on the position's value at its mark. */
class FundingTest {

    @Test
    void aLongPaysAPositiveRateOnItsMarkedValueAndTheTradeCarriesIt() {
        Portfolio p = new Portfolio(new BigDecimal("1000"), 0);
        p.apply("BTCUSDT", "a", fill(Side.BUY, "2", "100", "0", 0), null);
        p.mark("BTCUSDT", 110, 1);
        assertMoney("-0.022", p.applyFunding("BTCUSDT", new BigDecimal("0.0001"), 2)); // 2 x 110 x 0.01 %
        assertMoney("999.978", p.balance());
        assertMoney("-0.022", p.funding());
        ClosedTrade t = p.apply("BTCUSDT", "a", fill(Side.SELL, "2", "110", "0", 3), ExitReason.SIGNAL);
        assertMoney("-0.022", t.funding());
        assertMoney("19.978", t.netPnl()); // gross 20, no fees, funding paid
        assertMoney("1019.978", p.balance());
    }

    @Test
    void aShortReceivesAPositiveRatePaysANegativeOneAndAPartialCloseTakesItsShare() {
        Portfolio p = new Portfolio(new BigDecimal("1000"), 0);
        p.apply("ETHUSDT", "b", fill(Side.SELL, "4", "50", "0", 0), null);
        assertMoney("0.02", p.applyFunding("ETHUSDT", new BigDecimal("0.0001"), 1));
        assertMoney("-0.04", p.applyFunding("ETHUSDT", new BigDecimal("-0.0002"), 2));
        ClosedTrade half = p.apply("ETHUSDT", "b", fill(Side.BUY, "1", "50", "0", 3), ExitReason.SIGNAL);
        assertMoney("-0.005", half.funding()); // a quarter of -0.02
        ClosedTrade rest = p.apply("ETHUSDT", "b", fill(Side.BUY, "3", "50", "0", 4), ExitReason.SIGNAL);
        assertMoney("-0.015", rest.funding());
        assertMoney("999.98", p.balance());
    }

    @Test
    void withoutAPositionNothingIsSettled() {
        Portfolio p = new Portfolio(new BigDecimal("1000"), 0);
        assertEquals(0, p.applyFunding("BTCUSDT", new BigDecimal("0.0001"), 1).signum());
        assertMoney("1000", p.balance());
    }
}
