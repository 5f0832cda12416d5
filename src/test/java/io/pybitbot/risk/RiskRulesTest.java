package io.pybitbot.risk;

import static io.pybitbot.risk.SizingTest.BTC;
import static io.pybitbot.risk.SizingTest.approved;
import static io.pybitbot.risk.SizingTest.assertNum;
import static io.pybitbot.risk.SizingTest.bd;
import static io.pybitbot.risk.SizingTest.denied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.domain.Side;
import io.pybitbot.domain.Signal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskRulesTest {

    static final long T0 = 1_678_665_600_000L;
    static final RiskLimits LIMITS = new RiskLimits(2, 2.0, 1.0, 0.05, 0.20, Duration.ofMinutes(15), false);
    static final SizingRule RISK_1PCT = SizingRule.riskPerTrade(0.01, bd("5"));

    private final RiskRules rules = new RiskRules(LIMITS, RISK_1PCT);
    private final RiskState state = new RiskState();

    static Signal longBtc() {
        return Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.0, 29400.0, 31000.0, T0, "test");
    }

    static AccountSnapshot flat(double equity) {
        return new AccountSnapshot(equity, Math.max(equity, 10_000), 10_000, Map.of());
    }

    @Test
    void approvesASizedEntryOnAHealthyAccount() {
        Verdict.Approved a = approved(rules.checkEntry(longBtc(), BTC, flat(10_000), state, T0));
        // 10000 * 1% / (30000 - 29400) = 0.1666 -> 0.166
        assertNum("0.166", a.qty());
        assertNum("5", a.leverage());
    }

    @Test
    void drawdownKillSwitchTripsAndStaysUntilReset() {
        // peak 10000, equity 8000: drawdown exactly 20% -> tripped
        AccountSnapshot down = new AccountSnapshot(8_000, 10_000, 8_000, Map.of());
        denied(rules.checkEntry(longBtc(), BTC, down, state, T0), DenyReason.MAX_DRAWDOWN_HALT);
        assertEquals(TradingState.HALTED, state.tradingState());
        assertEquals(T0, state.haltedAtMs());
        // full recovery does not lift it
        AccountSnapshot recovered = new AccountSnapshot(10_000, 10_000, 10_000, Map.of());
        denied(rules.checkEntry(longBtc(), BTC, recovered, state, T0 + 1), DenyReason.MAX_DRAWDOWN_HALT);
        state.reset();
        approved(rules.checkEntry(longBtc(), BTC, recovered, state, T0 + 2));
    }

    @Test
    void killSwitchReportsOnlyTheTrippingCall() {
        AccountSnapshot justBelow = new AccountSnapshot(8_001, 10_000, 10_000, Map.of());
        assertFalse(rules.updateKillSwitch(justBelow, state, T0));
        AccountSnapshot down = new AccountSnapshot(7_900, 10_000, 10_000, Map.of());
        assertTrue(rules.updateKillSwitch(down, state, T0));
        assertFalse(rules.updateKillSwitch(down, state, T0 + 1));
    }

    @Test
    void manualHaltDeniesWithItsOwnReason() {
        state.halt("operator", T0);
        denied(rules.checkEntry(longBtc(), BTC, flat(10_000), state, T0), DenyReason.TRADING_HALTED);
    }

    @Test
    void dailyLossLimitFromTheDaysStartingEquity() {
        // day started at 10000; 9500 is a 5% loss -> denied; 9501 is 4.99% -> allowed
        denied(rules.checkEntry(longBtc(), BTC, new AccountSnapshot(9_500, 10_000, 10_000, Map.of()), state, T0),
                DenyReason.DAILY_LOSS_LIMIT);
        approved(rules.checkEntry(longBtc(), BTC, new AccountSnapshot(9_501, 10_000, 10_000, Map.of()), state, T0));
        assertFalse(state.halted());
    }

    @Test
    void oneWayModeAllowsOnePositionPerSymbol() {
        AccountSnapshot holding = new AccountSnapshot(10_000, 10_000, 10_000, Map.of("BTCUSDT", 3000.0));
        denied(rules.checkEntry(longBtc(), BTC, holding, state, T0), DenyReason.POSITION_EXISTS);
    }

    @Test
    void cooldownAfterALosingTradeOnly() {
        rules.onTradeClosed(state, "BTCUSDT", bd("-1.5"), T0);
        denied(rules.checkEntry(longBtc(), BTC, flat(10_000), state, T0 + Duration.ofMinutes(14).toMillis()),
                DenyReason.COOLDOWN);
        approved(rules.checkEntry(longBtc(), BTC, flat(10_000), state, T0 + Duration.ofMinutes(15).toMillis()));

        RiskState other = new RiskState();
        rules.onTradeClosed(other, "BTCUSDT", bd("2.0"), T0);
        approved(rules.checkEntry(longBtc(), BTC, flat(10_000), other, T0 + 1));
    }

    @Test
    void maxOpenPositions() {
        AccountSnapshot two = new AccountSnapshot(10_000, 10_000, 10_000, Map.of("ETHUSDT", 1000.0, "SOLUSDT", 1000.0));
        denied(rules.checkEntry(longBtc(), BTC, two, state, T0), DenyReason.MAX_OPEN_POSITIONS);
    }

    @Test
    void symbolCapShrinksTheOrderToFit() {
        RiskRules tight = new RiskRules(new RiskLimits(4, 2.0, 0.3, 0.05, 0.2, Duration.ZERO, false), RISK_1PCT);
        // wanted 0.166 (4980 USDT); symbol room 10000 * 0.3 = 3000 -> 3000 / 30000 = 0.1
        Verdict.Approved a = approved(tight.checkEntry(longBtc(), BTC, flat(10_000), state, T0));
        assertNum("0.1", a.qty());
    }

    @Test
    void totalExposureWithNoUsableRoomIsDenied() {
        // total cap 2.0 * 10000 = 20000, already 19990 open -> 10 USDT of room = 0.0003 BTC < 0.001
        AccountSnapshot full = new AccountSnapshot(10_000, 10_000, 10_000, Map.of("ETHUSDT", 19_990.0));
        Verdict.Denied d = denied(rules.checkEntry(longBtc(), BTC, full, state, T0), DenyReason.MAX_TOTAL_EXPOSURE);
        assertTrue(d.message().contains("total exposure"), d.message());
    }

    @Test
    void entryWithoutStopIsDeniedUnderRiskPerTrade() {
        Signal noStop = Signal.entry("strategy_b", "BTCUSDT", Side.BUY, 30000.0, Double.NaN, Double.NaN, T0, "x");
        denied(rules.checkEntry(noStop, BTC, flat(10_000), state, T0), DenyReason.INVALID_STOP);
    }

    @Test
    void exitsAreNotRiskChecked() {
        Signal exit = Signal.exit("strategy_b", "BTCUSDT", Side.BUY, 30000.0, T0, "x");
        assertThrows(IllegalArgumentException.class, () -> rules.checkEntry(exit, BTC, flat(10_000), state, T0));
    }

    @Test
    void limitsAreValidatedWithTheirConfigNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RiskLimits(0, 2, 1, 0.05, 0.2, Duration.ZERO, false));
        assertTrue(e.getMessage().contains("max_open_positions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RiskLimits(4, 2, 1, 5, 0.2, Duration.ZERO, false));
        assertTrue(e.getMessage().contains("daily_loss_limit_pct"), e.getMessage());
    }

    @Test
    void snapshotSumsExposureAndRaisesAStalePeak() {
        AccountSnapshot s = new AccountSnapshot(10_500, 10_000, 10_000, Map.of("ETHUSDT", -1500.0, "SOLUSDT", 500.0));
        assertEquals(2000.0, s.totalExposure());
        assertEquals(1500.0, s.symbolExposure("ETHUSDT"));
        assertEquals(0.0, s.symbolExposure("BTCUSDT"));
        assertEquals(2, s.openPositionCount());
        assertEquals(10_500.0, s.peakEquity());
    }
}
