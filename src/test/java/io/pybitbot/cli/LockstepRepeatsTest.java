package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `run --lockstep` with the shipped configuration (both strategies, trailing stop and break-even on) on the bundled
 * data of different lengths makes the same trades, at the same prices, every time: the replay waits at every close for
 * the node's entries, exits, positions and the TP/SL manager's moves.
 */
class LockstepRepeatsTest {

    @Test
    void twoLockstepRunsOfTheBundledDataMakeTheSameTrades(@TempDir Path dir) throws Exception {
        List<String> first = run(dir.resolve("a"));
        List<String> second = run(dir.resolve("b"));
        assertTrue(first.size() > 20, "enough trades to mean something: " + first.size());
        assertEquals(first, second, "two lock-step runs differ");
    }

    private static List<String> run(Path out) throws Exception {
        CommandLine cl = new CommandLine(new RunCommand());
        cl.setExitCodeExceptionMapper(ExitCodes::forException);
        StringWriter text = new StringWriter();
        cl.setOut(new PrintWriter(text, true));
        cl.setErr(new PrintWriter(text, true));
        int code = cl.execute("--config-dir", "configs", "--env-file", out.resolveSibling("none.env").toString(),
                "--lockstep", "--cluster-port", "0", "--status-port", "0", "--out", out.toString());
        assertEquals(0, code, text.toString());
        List<String> trades = Files.readAllLines(out.resolve("trades.csv"));
        return trades.subList(1, trades.size());
    }
}
