package io.pybitbot.config;

import io.pybitbot.Main;
import io.pybitbot.cli.ConfigCommand;
import io.pybitbot.cli.ExitCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static io.pybitbot.config.ConfigFixture.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code config check} end to end through {@link Main#commandLine()}, with its output captured. */
class ConfigCheckCommandTest {

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        ConfigCommand.Check check = cl.getSubcommands().get("config").getSubcommands().get("check").getCommand();
        check.environment(env, new Properties());
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void forgetLogFlag() {
        LogLevels.clearFlag();
    }

    @Test
    void shippedConfigsPassWithASummary() {
        Run r = run(Map.of(), "config", "check", "--env-file", tmp.resolve("absent.env").toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("OK", lines.get(lines.size() - 1));
        assertTrue(r.out().contains("mode:         sim"), r.out());
        assertTrue(r.out().contains("symbols:      BTCUSDT, ETHUSDT"), r.out());
        assertTrue(r.out().contains("strategy_a [enabled, tf 5, 2 symbols]"), r.out());
        assertTrue(r.out().contains("API key:      absent, API secret: absent"), r.out());
    }

    @Test
    void disabledStrategiesAreListedAsDisabled() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .edit("strategy.json", n -> obj(n, "strategies", "strategy_b").put("enabled", false));

        Run r = run(Map.of(), "config", "check", "--config-dir", f.configDir.toString(), "--env-file", f.envFile.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("strategy_b [disabled, tf 5, 2 symbols]"), r.out());
    }

    @Test
    void brokenConfigsExitTwoWithOneProblemPerLineOnStderr() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp)
                .edit("execution.json", n -> obj(n, "risk").put("max_drawdown_pct", 1.5))
                .edit("general.json", n -> n.put("mode", "testnet"));

        Run r = run(Map.of(), "config", "check", "--config-dir", f.configDir.toString(), "--env-file", f.envFile.toString());

        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertEquals("", r.out(), "nothing claims OK");
        List<String> lines = r.err().lines().toList();
        assertEquals(4, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("execution.json: $.risk.max_drawdown_pct: found 1.5"), r.err());
        assertTrue(lines.get(1).startsWith("general.json: $.mode: mode \"testnet\" needs BYBIT_API_KEY"), r.err());
        assertTrue(lines.get(2).startsWith("general.json: $.mode: mode \"testnet\" needs BYBIT_API_SECRET"), r.err());
        assertTrue(lines.get(3).startsWith("3 problems in the configuration"), r.err());
    }

    @Test
    void aNamedEnvFileThatIsNotThereIsRefusedWhenRealKeysAreAtStake() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).edit("general.json", n -> n.put("mode", "testnet"));
        Map<String, String> keys = Map.of("BYBIT_API_KEY", "k-from-the-environment", "BYBIT_API_SECRET", "s-env");
        Path typo = tmp.resolve("prod.evn");

        Run r = run(keys, "config", "check", "--config-dir", f.configDir.toString(), "--env-file", typo.toString());

        assertEquals(ExitCodes.USAGE, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().startsWith(typo + ": no such file (named by --env-file); in testnet mode"), r.err());
        // in sim mode a missing file is only an empty one, as before
        Run sim = run(Map.of(), "config", "check", "--env-file", typo.toString());
        assertEquals(ExitCodes.OK, sim.exitCode(), sim.err());
    }

    @Test
    void missingConfigDirectoryNamesEachFile() {
        Run r = run(Map.of(), "config", "check", "--config-dir", tmp.resolve("nowhere").toString());

        assertEquals(ExitCodes.USAGE, r.exitCode());
        for (String file : ConfigFixture.FILES) {
            assertTrue(r.err().contains(file + ": not found at "), r.err());
        }
    }

    @Test
    void globalLogLevelFlagIsAcceptedAndValidated() {
        Run ok = run(Map.of(), "--log-level", "warn", "config", "check", "--env-file", tmp.resolve("x").toString());
        assertEquals(ExitCodes.OK, ok.exitCode(), ok.err());
        assertEquals("WARN", LogLevels.rootLevel().orElseThrow());

        Run bad = run(Map.of(), "config", "check", "--log-level", "LOUD");
        assertEquals(ExitCodes.USAGE, bad.exitCode());
        assertTrue(bad.err().contains("unknown log level 'LOUD'"), bad.err());
        LogLevels.clearFlag();
        LogLevels.applyConfigured("INFO");
    }

    @Test
    void configWithoutSubcommandIsAUsageError() {
        Run r = run(Map.of(), "config");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("config check"), r.err());
    }

    @Test
    void helpListsTheConfigCommand() {
        Run r = run(Map.of(), "--help");
        assertEquals(ExitCodes.OK, r.exitCode());
        assertTrue(Arrays.stream(r.out().split("\n")).anyMatch(l -> l.trim().startsWith("config")), r.out());
    }
}
