package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.backtest.BacktestReport;
import io.pybitbot.data.BundledData;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.FundingRates;
import io.pybitbot.domain.Interval;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backtest --data DIR} with a funding file next to the candles ({@code SYMBOL_funding.csv}, Bybit's funding
 * history columns): every position held across a settlement pays or receives it, and the trade list, the totals and
 * the report show it.
 */
class BacktestFundingTest {

    @TempDir
    Path dir;

    @Test
    void fundingFromTheFileIsInEachTradeAndInTheTotals() throws Exception {
        Path data = dir.resolve("data");
        CandleSeries btc = BundledData.load("BTCUSDT", Interval.M5);
        CandleCsv.write(data.resolve(CandleCsv.fileName("BTCUSDT", Interval.M5)), btc);
        // settlements every 8 hours at 00:00, 08:00 and 16:00 UTC, 0.03 % (longs pay), over the data
        StringBuilder csv = new StringBuilder(FundingRates.HEADER).append('\n');
        long eight = 8 * 3_600_000L;
        int settlements = 0;
        for (long t = Math.floorDiv(btc.firstStartMs(), eight) * eight + eight; t <= btc.lastStartMs(); t += eight) {
            csv.append(t).append(",0.0003\n");
            settlements++;
        }
        Files.writeString(data.resolve(FundingRates.fileName("BTCUSDT")), csv);
        assertTrue(settlements >= 15, "settlements: " + settlements);

        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        CommandLine cl = io.pybitbot.Main.commandLine();
        cl.setOut(new PrintWriter(console, true));
        cl.setErr(new PrintWriter(console, true));
        assertEquals(0, cl.execute("backtest", "--data", data.toString(), "--symbols", "BTCUSDT", "--quiet", "--out",
                out.toString(), "--env-file", dir.resolve("none.env").toString()), console.toString());

        List<String> lines = Files.readAllLines(out.resolve("trades.csv"));
        assertEquals(BacktestReport.TRADES_HEADER, lines.get(0));
        assertTrue(lines.get(0).endsWith(",funding"), lines.get(0));
        BigDecimal sum = BigDecimal.ZERO;
        int withFunding = 0;
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",", -1);
            BigDecimal funding = new BigDecimal(c[12]);
            BigDecimal gross = new BigDecimal(c[8]);
            BigDecimal fees = new BigDecimal(c[9]);
            assertEquals(0, gross.subtract(fees).add(funding).compareTo(new BigDecimal(c[10])),
                    "net = gross - fees + funding: " + l);
            sum = sum.add(funding);
            withFunding += funding.signum() != 0 ? 1 : 0;
        }
        assertTrue(withFunding > 0, "no trade held across a settlement: " + lines);
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(0, sum.compareTo(summary.path("funding").decimalValue()), summary.toString());
        assertTrue(console.toString().contains(sum.signum() < 0 ? ", funding paid " : ", funding received "),
                console.toString());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<th>fees</th><th>funding</th><th>net PnL</th>"), "the trade table's funding column");
    }

    @Test
    void aBrokenFundingFileIsOneLineNamingItsLine() throws Exception {
        Path data = dir.resolve("data");
        CandleCsv.write(data.resolve(CandleCsv.fileName("BTCUSDT", Interval.M5)), BundledData.load("BTCUSDT", Interval.M5));
        Files.writeString(data.resolve(FundingRates.fileName("BTCUSDT")), FundingRates.HEADER + "\n1700000000000,0.0001\n"
                + "1699990000000,0.0001\n");
        StringWriter console = new StringWriter();
        CommandLine cl = io.pybitbot.Main.commandLine();
        cl.setOut(new PrintWriter(console, true));
        cl.setErr(new PrintWriter(console, true));
        assertEquals(ExitCodes.USAGE, cl.execute("backtest", "--data", data.toString(), "--symbols", "BTCUSDT",
                "--quiet", "--out", dir.resolve("out").toString(), "--env-file", dir.resolve("none.env").toString()));
        assertEquals("error: " + data.resolve("BTCUSDT_funding.csv") + ":3: funding time 1699990000000 does not follow"
                + " 1700000000000", console.toString().strip());
    }
}
