package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code backtest --interval} on any interval: the shipped indicators.json has a default; without one, a clear line. */
class BacktestCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cl = io.pybitbot.Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    @Test
    void theReadmesFifteenMinuteExampleRunsOnTheShippedConfiguration() {
        Path out = dir.resolve("eth15");
        Result r = run("backtest", "--symbols", "ETHUSDT", "--interval", "15", "--out", out.toString(),
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(out.resolve("summary.json")), r.out());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void anIntervalWithoutParametersIsOneLineAndExitTwo() throws Exception {
        Path configs = RunHarness.configs(dir, "sim", null);
        Path indicators = configs.resolve("indicators.json");
        String json = Files.readString(indicators);
        int start = json.indexOf("\"default\"");
        int end = json.indexOf("\"timeframes\"");
        Files.writeString(indicators, json.substring(0, start) + json.substring(end));
        Result r = run("backtest", "--config-dir", configs.toString(), "--symbols", "ETHUSDT", "--interval", "15",
                "--out", dir.resolve("x").toString(), "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("error: --interval 15: indicators.json has no $.timeframes.15 entry and no $.default entry; add "
                + "either (the shipped file has a $.default)", r.err().strip());
    }

    @Test
    void aMistypedOptionIsTheMessageASuggestionAndWhereHelpIsNotTheWholeUsage() {
        Result r = run("backtest", "--interavl", "15");
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("error: Unknown options: '--interavl', '15'\nPossible solutions: --interval\n"
                + "see: pybit-bot backtest --help", r.err().strip().replace("\r", ""));
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    @Test
    void anOutThatIsAFileIsOneLineBeforeAnyCandleIsTested() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "");
        Result r = run("backtest", "--out", file.toString(), "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertEquals("error: --out " + file + ": is a file, not a directory", r.err().strip());
        assertFalse(r.out().contains("candles"), "the backtest ran first: " + r.out());
    }

    @Test
    void aRangeOutsideTheDataSaysWhatTheDataCovers() {
        Result r = run("backtest", "--symbols", "BTCUSDT", "--from", "2030-01-01", "--out", dir.resolve("x").toString(),
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        String line = r.err().strip();
        assertTrue(line.matches("error: .*: no BTCUSDT candles between 2030-01-01T00:00:00Z and the end; the data covers "
                + "20\\d\\d-\\d\\d-\\d\\dT.*Z to 20\\d\\d-.*Z \\(choose --from/--to inside it\\)"), line);
        assertFalse(line.contains("\n"), line);
    }

    @Test
    void aLowerCaseSymbolIsNotFoundButTheRightSpellingIsSuggested() {
        Result r = run("backtest", "--symbols", "btcusdt", "--out", dir.resolve("x").toString(),
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().strip().startsWith("error: no bundled data for symbol 'btcusdt' (did you mean BTCUSDT?);"
                + " bundled symbols are [BTCUSDT, ETHUSDT]"), r.err());
    }

    @Test
    void denialsArePrintedAsATable() {
        Result r = run("backtest", "--symbols", "ETHUSDT", "--interval", "15", "--out", dir.resolve("t").toString(),
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(0, r.exit(), r.err());
        // this backtest is deterministic and denies entries while a position is open
        assertTrue(r.out().matches("(?s).*signals denied by risk:\\n  POSITION_EXISTS +\\d+\\n.*"), r.out());
        assertFalse(r.out().contains("{"), "a Java map: " + r.out());
    }
}
