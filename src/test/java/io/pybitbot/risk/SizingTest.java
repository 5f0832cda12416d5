package io.pybitbot.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.InstrumentSpec;
import io.pybitbot.domain.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class SizingTest {

    static final InstrumentSpec BTC = spec("100", "5", "100");

    static InstrumentSpec spec(String maxQty, String minNotional, String maxLeverage) {
        return new InstrumentSpec("BTCUSDT", new BigDecimal("0.1"), new BigDecimal("0.001"), new BigDecimal("0.001"),
                new BigDecimal(maxQty), new BigDecimal(minNotional), new BigDecimal(maxLeverage));
    }

    static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    static Verdict.Approved approved(Verdict v) {
        return assertInstanceOf(Verdict.Approved.class, v, v::toString);
    }

    static Verdict.Denied denied(Verdict v, DenyReason reason) {
        Verdict.Denied d = assertInstanceOf(Verdict.Denied.class, v, v::toString);
        assertEquals(reason, d.reason(), d.message());
        return d;
    }

    static void assertNum(String expected, BigDecimal actual) {
        assertEquals(0, bd(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual.toPlainString());
    }

    @Test
    void riskPerTradeLosesTheConfiguredFractionAtTheStop() {
        Verdict v = Sizing.size(SizingRule.riskPerTrade(0.01, bd("5")), BTC, Side.BUY, 10_000, bd("30000.0"),
                bd("29400.0"));
        Verdict.Approved a = approved(v);
        // risk = 10000 * 1% = 100 USDT; distance 600 -> 0.1666.. BTC -> down to the 0.001 step: 0.166
        assertNum("0.166", a.qty());
        // notional 0.166 * 30000 = 4980
        assertNum("4980", a.notional());
        assertNum("5", a.leverage());
    }

    @Test
    void riskPerTradeForAShortUsesTheStopAbove() {
        Verdict.Approved a = approved(Sizing.size(SizingRule.riskPerTrade(0.01, bd("5")), BTC, Side.SELL, 10_000,
                bd("30000.0"), bd("30300.0")));
        // 100 / 300 = 0.3333 -> 0.333
        assertNum("0.333", a.qty());
    }

    @Test
    void leverageCapsTheNotionalAtEquityTimesLeverage() {
        // 100 / 30 = 3.333 BTC = 100000 USDT, above 10000 * 5 = 50000 -> 50000 / 30000 = 1.6666 -> 1.666
        Verdict.Approved a = approved(Sizing.size(SizingRule.riskPerTrade(0.01, bd("5")), BTC, Side.BUY, 10_000,
                bd("30000.0"), bd("29970.0")));
        assertNum("1.666", a.qty());
    }

    @Test
    void instrumentMaxLeverageWinsOverTheConfiguredOne() {
        // leverage min(5, 2) = 2: cap 20000 / 30000 = 0.6666 -> 0.666
        Verdict.Approved a = approved(Sizing.size(SizingRule.riskPerTrade(0.01, bd("5")), spec("100", "5", "2"),
                Side.BUY, 10_000, bd("30000.0"), bd("29970.0")));
        assertNum("0.666", a.qty());
        assertNum("2", a.leverage());
    }

    @Test
    void fixedNotionalAndEquityPercent() {
        // 500 / 30000 = 0.01666 -> 0.016; notional 480
        Verdict.Approved fixed = approved(Sizing.size(SizingRule.fixedNotional(bd("500"), bd("5")), BTC, Side.BUY,
                10_000, bd("30000.0"), null));
        assertNum("0.016", fixed.qty());
        assertNum("480", fixed.notional());
        // 8000 * 5% = 400 -> 400 / 20000 = 0.02 exactly; leverage does not multiply it
        Verdict.Approved pct = approved(Sizing.size(SizingRule.equityPct(0.05, bd("5")), BTC, Side.BUY, 8_000,
                bd("20000.0"), null));
        assertNum("0.02", pct.qty());
    }

    @Test
    void quantityAboveTheInstrumentMaximumIsClamped() {
        // 5000 / 30000 = 0.1666 -> clamped to maxOrderQty 0.1
        Verdict.Approved a = approved(Sizing.size(SizingRule.fixedNotional(bd("5000"), bd("5")), spec("0.1", "5", "100"),
                Side.BUY, 10_000, bd("30000.0"), null));
        assertNum("0.1", a.qty());
    }

    @Test
    void tooSmallOrdersAreDenied() {
        // 20 / 30000 = 0.000666 -> 0.000 < 0.001
        denied(Sizing.size(SizingRule.fixedNotional(bd("20"), bd("5")), BTC, Side.BUY, 10_000, bd("30000.0"), null),
                DenyReason.QTY_BELOW_MIN);
        // 60 / 30000 = 0.002 (qty ok) but 0.002 * 30000 = 60 < minNotional 100
        denied(Sizing.size(SizingRule.fixedNotional(bd("60"), bd("5")), spec("100", "100", "100"), Side.BUY, 10_000,
                bd("30000.0"), null), DenyReason.NOTIONAL_BELOW_MIN);
    }

    @Test
    void riskPerTradeNeedsAStopOnTheLossSide() {
        SizingRule rule = SizingRule.riskPerTrade(0.01, bd("5"));
        denied(Sizing.size(rule, BTC, Side.BUY, 10_000, bd("30000.0"), null), DenyReason.INVALID_STOP);
        denied(Sizing.size(rule, BTC, Side.SELL, 10_000, bd("30000.0"), bd("29900.0")), DenyReason.INVALID_STOP);
        denied(Sizing.size(rule, BTC, Side.BUY, 10_000, bd("30000.0"), bd("30000.0")), DenyReason.INVALID_STOP);
    }

    @Test
    void noEquityNoTrade() {
        denied(Sizing.size(SizingRule.fixedNotional(bd("500"), bd("5")), BTC, Side.BUY, 0, bd("30000.0"), null),
                DenyReason.INSUFFICIENT_EQUITY);
    }

    @Test
    void extraNotionalCapShrinksTheOrder() {
        // wanted 4980 but only 3000 of room: 3000 / 30000 = 0.1
        Verdict.Approved a = approved(Sizing.size(SizingRule.riskPerTrade(0.01, bd("5")), BTC, Side.BUY, 10_000,
                bd("30000.0"), bd("29400.0"), 3000));
        assertNum("0.1", a.qty());
    }

    @Test
    void configValuesAreValidatedWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SizingRule.riskPerTrade(1.5, bd("5")));
        assertTrue(e.getMessage().contains("risk_per_trade_pct"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SizingRule.fixedNotional(bd("0"), bd("5")));
        assertTrue(e.getMessage().contains("fixed_notional_usdt"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SizingRule.equityPct(0.05, bd("0.5")));
        assertTrue(e.getMessage().contains("leverage"), e.getMessage());
        assertEquals(SizingMode.RISK_PER_TRADE, SizingMode.parse("risk_per_trade"));
        assertEquals(SizingMode.EQUITY_PCT, SizingMode.parse("EQUITY_PCT"));
        assertThrows(IllegalArgumentException.class, () -> SizingMode.parse("kelly"));
    }
}
