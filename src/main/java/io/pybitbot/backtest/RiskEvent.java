package io.pybitbot.backtest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A moment Risk stopped entries in a backtest: the kill switch on drawdown (for the rest of the run), or the daily loss
 * limit (for the rest of that UTC day); or a liquidation closed every position. Printed, written to summary.json and shown in the report, so a backtest that
 * stopped trading early says when and why instead of showing only a count of denials.
 *
 * @param reason a {@link io.pybitbot.risk.DenyReason} name, or LIQUIDATION
 * @param text   what Risk said, e.g. "drawdown 20.13% from peak 10512.00 reached the limit 20.00%"
 */
public record RiskEvent(long timeMs, String reason, String text) {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String when() {
        return UTC.format(Instant.ofEpochMilli(timeMs));
    }
}
