package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code init}, {@code list-strategies}, {@code show-config}, and where the configuration is found by default. */
class SetupCommandsTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = io.pybitbot.Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void initWritesAStarterThatPassesConfigCheckAndRefusesToOverwrite() throws Exception {
        Path home = dir.resolve("mybot");
        Run init = run("init", home.toString());
        assertEquals(0, init.exit(), init.err());
        for (String f : List.of("configs/general.json", "configs/strategy.json", "configs/execution.json",
                "configs/indicators.json", "application.conf", ".env", ".env.example")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f + " not written: " + init.out());
            assertTrue(init.out().contains("wrote " + home.resolve(f)), init.out());
        }
        assertEquals(Files.readString(Path.of("configs/execution.json")),
                Files.readString(home.resolve("configs/execution.json")), "the shipped configuration, as it is");
        assertEquals(Files.readString(Path.of(".env.example")), Files.readString(home.resolve(".env")));

        Run check = run("config", "check", "--config-dir", home.resolve("configs").toString(), "--env-file",
                home.resolve(".env").toString());
        assertEquals(0, check.exit(), check.out() + check.err());

        Files.writeString(home.resolve("configs/general.json"), "{ \"mode\": \"sim\" }");
        Run again = run("init", home.toString());
        assertEquals(ExitCodes.USAGE, again.exit());
        assertTrue(again.err().contains("file(s) exist and were left alone") && again.err().contains("--force"),
                again.err());
        assertEquals("{ \"mode\": \"sim\" }", Files.readString(home.resolve("configs/general.json")), "not touched");
        Run forced = run("init", home.toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertEquals(Files.readString(Path.of("configs/general.json")), Files.readString(home.resolve("configs/general.json")));
    }

    @Test
    void initIntoAFileIsOneLineExitTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run r = run("init", file.toString());
        assertEquals(ExitCodes.USAGE, r.exit());
        assertEquals("error: init " + file + ": is a file, not a directory", r.err().strip());
        Run below = run("init", file.resolve("starter").toString());
        assertEquals(ExitCodes.USAGE, below.exit());
        assertEquals("error: init " + file.resolve("starter") + ": cannot create the directory (not a directory)",
                below.err().strip());
    }

    @Test
    void listStrategiesShowsEveryStrategyWithItsParametersAndDefaults() {
        Run r = run("list-strategies");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("strategy_a  (io.pybitbot.strategy."), r.out());
        assertTrue(r.out().contains("strategy_b  (io.pybitbot.strategy."), r.out());
        assertTrue(r.out().contains("  entry_threshold: number"), r.out());
        assertTrue(r.out().contains("  weights.trend: number"), r.out());
        assertTrue(r.out().contains("default 0.6"), r.out());
    }

    @Test
    void showConfigPrintsTheEffectiveConfigurationWithSecretsMasked() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), "BYBIT_API_KEY=key-that-must-not-show\n"
                + "BYBIT_API_SECRET=secret-that-must-not-show\nSTATUS_API_TOKEN=token-that-must-not-show\n"
                + "ALERT_WEBHOOK_URL=https://hooks.example.com/T000/secret-path\nTELEGRAM_CHAT_ID=12345\n");
        Run r = run("show-config", "--config-dir", "configs", "--env-file", env.toString());
        assertEquals(0, r.exit(), r.err());
        for (String secret : List.of("key-that-must-not-show", "secret-that-must-not-show", "token-that-must-not-show",
                "secret-path")) {
            assertFalse(r.out().contains(secret), "a secret was printed: " + secret + "\n" + r.out());
        }
        JsonNode c = new ObjectMapper().readTree(r.out());
        assertEquals("(set, masked)", c.path("env").path("BYBIT_API_KEY").asText());
        assertEquals("(set, masked)", c.path("env").path("ALERT_WEBHOOK_URL").asText());
        assertEquals("12345", c.path("env").path("TELEGRAM_CHAT_ID").asText());
        assertEquals("(not set)", c.path("env").path("TELEGRAM_BOT_TOKEN").asText());
        assertEquals(3, c.path("execution").path("tpsl_manager").path("max_failed_protections").asInt(),
                "a default filled in: " + c.path("execution"));
        assertEquals("5", c.path("general").path("timeframes").get(0).asText());
        assertEquals("sim", c.path("general").path("mode").asText(), "spelled as in general.json");
        assertEquals("Market", c.path("execution").path("order_type").asText());
        assertTrue(c.path("strategies").path("strategy_a").path("params").path("weights").has("trend"), c.toString());
        assertEquals("30s", c.path("runtime").path("ws_stall_timeout").asText(), c.path("runtime").toString());
        assertTrue(c.path("journal").asText().contains("journal/sim"), c.path("journal").asText());
    }

    @Test
    void withoutConfigDirTheConfigurationIsFoundFromAnyDirectory() throws Exception {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("configs"));
        Files.writeString(checkout.resolve("configs/general.json"), "{}");
        Path jar = Files.createDirectories(checkout.resolve("target")).resolve("pybit-bot.jar");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        ConfigHome fromJar = ConfigHome.resolve(Map.of(), elsewhere, Optional.of(jar));
        assertTrue(fromJar.found());
        assertEquals(checkout.toAbsolutePath().normalize(), fromJar.home());
        assertEquals(checkout.resolve(".env").toAbsolutePath().normalize(), fromJar.envFile());

        Path own = dir.resolve("own");
        Files.createDirectories(own.resolve("configs"));
        Files.writeString(own.resolve("configs/general.json"), "{}");
        ConfigHome fromEnv = ConfigHome.resolve(Map.of("PYBIT_HOME", own.toString()), elsewhere, Optional.of(jar));
        assertEquals(own.toAbsolutePath().normalize(), fromEnv.home(), "PYBIT_HOME comes first");

        ConfigHome none = ConfigHome.resolve(Map.of(), elsewhere, Optional.of(elsewhere.resolve("x.jar")));
        assertFalse(none.found());
        assertTrue(none.looked().contains(elsewhere.toAbsolutePath().normalize().resolve("configs")), none.looked().toString());
    }

    @Test
    void withNoConfigurationAnywhereTheErrorSaysWhereItLookedFirst() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ConfigOptions options = new ConfigOptions();
        options.useHome(ConfigHome.resolve(Map.of(), empty, Optional.of(empty.resolve("lib/pybit-bot.jar"))));
        StringWriter err = new StringWriter();
        try {
            options.load();
            throw new AssertionError("loaded a configuration from nowhere");
        } catch (io.pybitbot.config.ConfigException e) {
            assertEquals(ExitCodes.USAGE, options.reportProblems(e, new PrintWriter(err, true)));
        }
        String first = err.toString().lines().findFirst().orElse("");
        assertEquals("no configs/ with a general.json found; looked in " + empty.toAbsolutePath().normalize()
                .resolve("configs") + ", " + empty.toAbsolutePath().normalize().resolve("lib/configs") + " (give"
                + " --config-dir DIR, set PYBIT_HOME to the folder holding configs/, or write a starter one with"
                + " `pybit-bot init DIR`)", first);
    }

    /** The launcher as a user runs it: from another directory, through a symlink; a missing jar is one line. */
    @Test
    void theLauncherRunsTheJarFromAnyDirectoryAndFindsTheConfiguration() throws Exception {
        Path root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("target"));
        Path launcher = root.resolve("bin/pybit-bot");
        Files.copy(Path.of("bin/pybit-bot"), launcher);
        launcher.toFile().setExecutable(true);
        Path link = Files.createSymbolicLink(dir.resolve("pybit"), launcher);
        Path cwd = Files.createDirectories(dir.resolve("somewhere-else"));

        Run missing = shell(cwd, link.toString(), "--version");
        assertEquals(1, missing.exit(), missing.out());
        assertEquals("error: " + root.toRealPath().resolve("target/pybit-bot.jar") + " not found: build it first with"
                + " 'mvn -B -q package -DskipTests' in " + root.toRealPath(), missing.err().strip());

        // a jar that runs this build's classes (as target/pybit-bot.jar does after mvn package)
        writeLauncherJar(root.resolve("target/pybit-bot.jar"));
        Run check = shell(cwd, link.toString(), "config", "check");
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("config dir:   " + Path.of("configs").toAbsolutePath().normalize()),
                "the checkout's configs/ is found from another directory:\n" + check.out());
    }

    private static Run shell(Path cwd, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove("PYBIT_HOME");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    private static void writeLauncherJar(Path jar) throws Exception {
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classPath.append(Path.of(entry).toUri().toURL()).append(' ');
        }
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, "io.pybitbot.Main");
        m.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH, classPath.toString().strip());
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), m)) {
            // the manifest is the whole jar
        }
    }
}
