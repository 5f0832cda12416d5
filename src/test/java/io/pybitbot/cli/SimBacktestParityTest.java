package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.Main;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Parity: the whole node, trading the simulator over HTTP and WebSockets in lock-step, makes the same
 * trades as {@code backtest} on the same candles and configuration: same entries (time, price, quantity),
 * same exits (price), same PnL and fees. The one documented difference is the time stamp of an exit
 * triggered on the exchange: the backtest stamps the start of the candle it happened in, the exchange
 * the close at which it was evaluated. A resting limit entry's fill is stamped the same way. Funding (a funding
 * file next to the candles) is charged alike: the funding column of every trade agrees.
 */
class SimBacktestParityTest {
    static final long START = 1_700_000_100_000L;
    static final Interval TF = Interval.M5;
    static final int BACKFILL = 100;
    static final int HISTORY = BACKFILL + 10; // what run gives the simulator as history

    @Test
    void lockstepSimRunMakesTheBacktestsTrades(@TempDir Path dir) throws Exception {
        parity(dir, false);
    }

    /**
     * The same with post-only limit entries (one tick from the signal's price, three candles in force): resting,
     * touching, expiring and refused-on-arrival orders fill, or not, alike in both.
     */
    @Test
    void lockstepSimRunMakesTheBacktestsTradesWithLimitEntries(@TempDir Path dir) throws Exception {
        parity(dir, true);
    }

    private void parity(Path dir, boolean limit) throws Exception {
        Path data = dir.resolve("data");
        for (String s : List.of("BTCUSDT", "ETHUSDT")) {
            // of different lengths, as the bundled series are: the lock-step replay goes on after one has ended
            CandleSeries raw = SyntheticData.generate(s, TF, 11, START, s.startsWith("BTC") ? 600 : 520,
                    s.startsWith("BTC") ? 30_000 : 2_000);
            double tick = s.startsWith("BTC") ? 0.1 : 0.01; // prices on the instrument's grid, as an exchange serves them
            List<Candle> onGrid = new ArrayList<>();
            for (Candle c : raw.candles()) {
                onGrid.add(Candle.closed(c.startMs(), grid(c.open(), tick), grid(c.high(), tick), grid(c.low(), tick),
                        grid(c.close(), tick), c.volume(), c.turnover()));
            }
            CandleCsv.write(data.resolve(CandleCsv.fileName(s, TF)), new CandleSeries(s, TF, onGrid, "test"));
        }
        // funding every 8 hours on BTCUSDT, paid and received: both charge it at the same opens, to the same positions
        List<Long> times = new ArrayList<>();
        List<java.math.BigDecimal> rates = new ArrayList<>();
        long eight = 8 * 3_600_000L;
        for (long t = (START / eight + 1) * eight, k = 0; t < START + 600 * TF.millis(); t += eight, k++) {
            times.add(t);
            rates.add(new java.math.BigDecimal(k % 2 == 0 ? "0.0005" : "-0.0003"));
        }
        io.pybitbot.data.FundingRates.of(times, rates, "test").write(data.resolve(
                io.pybitbot.data.FundingRates.fileName("BTCUSDT")));
        Path cfg = config(dir.resolve("configs"), limit);
        Path none = dir.resolve("none.env");

        RunCommand run = new RunCommand();
        assertEquals(0, execute(new CommandLine(run), "--config-dir", cfg.toString(), "--env-file", none.toString(),
                "--data", data.toString(), "--lockstep", "--cluster-port", "0", "--status-port", "0", "--out", dir.resolve("run").toString()));
        long tradeFrom = START + HISTORY * TF.millis();
        assertEquals(0, execute(Main.commandLine(), "backtest", "--config-dir", cfg.toString(), "--env-file",
                none.toString(), "--data", data.toString(), "--from", Long.toString(tradeFrom - BACKFILL * TF.millis()),
                "--trade-from", Long.toString(tradeFrom), "--quiet", "--out", dir.resolve("bt").toString()));

        List<String[]> sim = trades(dir.resolve("run/trades.csv"));
        // a position still open when the data ends is closed by the backtest (END_OF_DATA) but stays open on
        // the exchange after a run: it is not a trade of the run
        List<String[]> bt = trades(dir.resolve("bt/trades.csv")).stream().filter(t -> !t[11].equals("END_OF_DATA")).toList();
        assertTrue(bt.size() >= (limit ? 10 : 20), "enough trades to mean something: " + bt.size());
        assertTrue(bt.stream().anyMatch(t -> Double.parseDouble(t[12]) != 0), "some trade paid or received funding");
        if (limit) {
            String summary = Files.readString(dir.resolve("bt/summary.json"));
            assertTrue(summary.contains("LIMIT_NOT_FILLED"), "some limits expired: " + summary);
        }
        assertEquals(bt.size(), sim.size(), "same number of trades");
        for (int i = 0; i < bt.size(); i++) {
            String[] b = bt.get(i);
            String[] s = sim.get(i);
            // symbol, strategy, side, entry time, entry price, exit price, qty, gross PnL, fees, net PnL, exit reason
            // a resting limit fills inside a candle: stamped like an exchange-triggered exit (below)
            long bEntry = java.time.Instant.parse(b[3]).toEpochMilli();
            assertEquals(limit ? bEntry + TF.millis() : bEntry, java.time.Instant.parse(s[3]).toEpochMilli(),
                    "entry time of trade " + i + ": backtest " + String.join(",", b) + " / sim " + String.join(",", s));
            for (int col : new int[] {0, 1, 2, 4, 6, 7, 8, 9, 10, 11, 12}) {
                assertEquals(b[col], s[col], "trade " + i + " column " + col + ": backtest " + String.join(",", b)
                        + " / sim " + String.join(",", s));
            }
            boolean exchangeExit = !b[11].equals("SIGNAL") && !b[11].equals("REVERSAL");
            long bExit = java.time.Instant.parse(b[5]).toEpochMilli();
            long sExit = java.time.Instant.parse(s[5]).toEpochMilli();
            assertEquals(exchangeExit ? bExit + TF.millis() : bExit, sExit, "exit time of trade " + i);
        }
    }

    private static double grid(double v, double tick) {
        return Math.round(v / tick) * tick;
    }

    private static int execute(CommandLine cl, String... args) {
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int code = cl.execute(args);
        if (code != 0) {
            System.out.println(out);
        }
        return code;
    }

    /** Trades sorted by symbol and entry time. */
    private static List<String[]> trades(Path file) throws Exception {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.skip(1).map(l -> l.split(",", -1))
                    .sorted((a, b) -> (a[0] + a[3]).compareTo(b[0] + b[3])).toList();
        }
    }

    /** The shipped configuration, made deterministic: strategy_b only, fixed-notional sizing, no trailing. */
    private static Path config(Path cfg, boolean limit) throws Exception {
        Files.createDirectories(cfg);
        ObjectMapper om = new ObjectMapper();
        for (String f : List.of("general.json", "strategy.json", "execution.json", "indicators.json")) {
            Files.copy(Path.of("configs", f), cfg.resolve(f));
        }
        ObjectNode general = (ObjectNode) om.readTree(cfg.resolve("general.json").toFile());
        ((ObjectNode) general.get("system")).put("backfill_candles", BACKFILL);
        om.writeValue(cfg.resolve("general.json").toFile(), general);
        ObjectNode strategy = (ObjectNode) om.readTree(cfg.resolve("strategy.json").toFile());
        ((ObjectNode) strategy.get("strategies").get("strategy_a")).put("enabled", false);
        om.writeValue(cfg.resolve("strategy.json").toFile(), strategy);
        ObjectNode exec = (ObjectNode) om.readTree(cfg.resolve("execution.json").toFile());
        ((ObjectNode) exec.get("sizing")).put("mode", "fixed_notional").put("fixed_notional_usdt", 2000);
        ((ObjectNode) exec.get("risk")).put("cooldown_after_loss_minutes", 0).put("daily_loss_limit_pct", 0.2)
                .put("max_drawdown_pct", 0.5);
        ObjectNode tpsl = (ObjectNode) exec.get("tpsl_manager");
        ((ObjectNode) tpsl.get("trailing")).put("enabled", false);
        ((ObjectNode) tpsl.get("break_even")).put("enabled", false);
        if (limit) {
            exec.put("order_type", "Limit");
            ((ObjectNode) exec.get("limit_entry")).put("offset_ticks", 1).put("time_in_force_candles", 3)
                    .put("on_expiry", "cancel");
        }
        om.writeValue(cfg.resolve("execution.json").toFile(), exec);
        return cfg;
    }
}
