package io.pybitbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.cli.ExitCodes;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config check} prints the hosts {@code run} will use, and every {@code .env.example} key changes its
 * output the same way from {@code .env} as from the environment (the environment winning).
 */
class ConfigCheckHostsTest {

    @TempDir
    Path tmp;

    private ConfigFixture fixture(String mode) {
        return ConfigFixture.copyOfShipped(tmp).edit("general.json", g -> g.put("mode", mode));
    }

    private ConfigCheckCommandTest.Run check(ConfigFixture f, Map<String, String> env, String dotEnv) {
        f.env(dotEnv);
        return ConfigCheckCommandTest.run(env, "config", "check", "--config-dir", f.configDir.toString(),
                "--env-file", f.envFile.toString());
    }

    /** The origin of a value is named differently by design; everything else must be identical. */
    private static String normalized(ConfigCheckCommandTest.Run r) {
        return r.exitCode() + "\n" + (r.out() + r.err())
                .replaceAll("\\(\\.env line \\d+\\)", "(ORIGIN)")
                .replaceAll("\\(environment variable [A-Z_]+\\)", "(ORIGIN)")
                .replaceAll("\\.env: line \\d+: ([A-Z_]+): ", "ORIGIN $1: ")
                .replaceAll("environment variable ([A-Z_]+): ", "ORIGIN $1: ");
    }

    static java.util.stream.Stream<EnvSettingsTest.Case> cases() {
        return EnvSettingsTest.CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyKeyActsTheSameFromDotEnvAsFromTheEnvironmentAndTheEnvironmentWins(EnvSettingsTest.Case c) {
        ConfigFixture f = fixture("live");
        Map<String, String> base = new HashMap<>(Map.of("BYBIT_API_KEY", "k-base", "BYBIT_API_SECRET", "s-base"));
        base.remove(c.key());
        Map<String, String> withA = new HashMap<>(base);
        withA.put(c.key(), c.a());
        Map<String, String> withB = new HashMap<>(base);
        withB.put(c.key(), c.b());
        String comment = "# nothing here\n";

        String unset = normalized(check(f, base, comment));
        String fromFile = normalized(check(f, base, comment + c.key() + "=" + c.a() + "\n"));
        String fromEnv = normalized(check(f, withA, comment));
        String both = normalized(check(f, withB, comment + c.key() + "=" + c.a() + "\n"));
        String envB = normalized(check(f, withB, comment));

        assertNotEquals(unset, fromFile, c.key() + " in .env changed nothing:\n" + fromFile);
        assertEquals(fromEnv, fromFile);
        assertEquals(envB, both);
        // config check never shows a key's, a password's or a token's value, only its presence (and a Telegram
        // chat id only next to its token)
        if (!c.key().startsWith("BYBIT_API_") && !c.key().endsWith("_PASSWORD") && !c.key().endsWith("_TOKEN")
                && !c.key().equals("TELEGRAM_CHAT_ID")) {
            assertNotEquals(fromFile, both, c.key() + ": the environment did not win:\n" + both);
        }
    }

    @Test
    void liveWithDemoInDotEnvPrintsTheDemoHosts() {
        var r = check(fixture("live"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_DEMO=true\n");

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("exchange:     live on Bybit DEMO trading: a demo account at mainnet prices, no real money\n"
                + "  hosts chosen by mode live with BYBIT_DEMO=true (.env line 3)\n"
                + "  REST         https://api-demo.bybit.com (demo)\n"
                + "  public WS    wss://stream.bybit.com/v5/public/linear (mainnet)\n"
                + "  private WS   wss://stream-demo.bybit.com/v5/private (demo)\n"), r.out());
        assertTrue(r.out().contains("BYBIT_DEMO: true"), r.out());
        assertTrue(!r.out().contains("MAINNET"), r.out());
    }

    @Test
    void liveOnMainnetSaysSoPlainly() {
        var r = check(fixture("live"), Map.of("BYBIT_API_KEY", "k", "BYBIT_API_SECRET", "s"), "BYBIT_DEMO=false\n");

        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("exchange:     LIVE on Bybit MAINNET: real orders, real money\n"
                + "  hosts chosen by mode live\n"
                + "  REST         https://api.bybit.com (mainnet)\n"
                + "  public WS    wss://stream.bybit.com/v5/public/linear (mainnet)\n"
                + "  private WS   wss://stream.bybit.com/v5/private (mainnet)\n"), r.out());
    }

    @Test
    void testnetAgainstACustomUrlAndTheOtherModes() {
        var testnet = check(fixture("testnet"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\n"
                + "BYBIT_BASE_URL=http://127.0.0.1:8090\n");
        assertEquals(ExitCodes.OK, testnet.exitCode(), testnet.err());
        assertTrue(testnet.out().contains("testnet against a custom URL http://127.0.0.1:8090"), testnet.out());
        assertTrue(testnet.out().contains("hosts chosen by BYBIT_BASE_URL (.env line 3)"), testnet.out());
        assertTrue(testnet.out().contains("  public WS    ws://127.0.0.1:8090/v5/public/linear (custom URL)"), testnet.out());
        assertTrue(testnet.out().contains("  private WS   ws://127.0.0.1:8090/v5/private (custom URL)"), testnet.out());

        var plainTestnet = check(fixture("testnet"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\n");
        assertTrue(plainTestnet.out().contains("testnet on Bybit TESTNET: test money"), plainTestnet.out());
        assertTrue(plainTestnet.out().contains("  REST         https://api-testnet.bybit.com (testnet)"), plainTestnet.out());

        var paper = check(fixture("paper"), Map.of(), "");
        assertTrue(paper.out().contains("paper: public market data from Bybit MAINNET, orders filled locally"), paper.out());
        assertTrue(paper.out().contains("  market REST  https://api.bybit.com (mainnet)"), paper.out());
        assertTrue(paper.out().contains("  orders REST  local paper exchange on a free loopback port"), paper.out());

        var sim = check(fixture("sim"), Map.of(), "");
        assertTrue(sim.out().contains("sim: the built-in simulator on loopback"), sim.out());
        var standalone = check(fixture("sim"), Map.of("BYBIT_BASE_URL", "http://127.0.0.1:8090"), "");
        assertTrue(standalone.out().contains("sim against a custom URL http://127.0.0.1:8090"), standalone.out());
        assertTrue(standalone.out().contains("hosts chosen by BYBIT_BASE_URL (environment variable BYBIT_BASE_URL)"),
                standalone.out());
    }

    @Test
    void aCustomUrlOnABybitMainnetHostIsCalledMainnet() {
        var r = check(fixture("testnet"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_BASE_URL=https://api.bybit.com\n");
        assertTrue(r.out().contains("WARNING: mode testnet sends orders to Bybit MAINNET: real orders, real money"), r.out());
    }

    @Test
    void aBadDemoFlagIsAConfigurationErrorNamingDotEnvAndTheLine() {
        var r = check(fixture("live"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_DEMO=perhaps\n"
                + "BYBIT_BASE_URL=localhost:8090\n");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains(".env: line 3: BYBIT_DEMO: found \"perhaps\", expected true or false\n"), r.err());
        // every problem at once
        assertTrue(r.err().contains(".env: line 4: BYBIT_BASE_URL: found \"localhost:8090\", expected an http(s)://"), r.err());
        assertTrue(r.err().contains("2 problems in the configuration"), r.err());
    }

    @Test
    void demoOnlyAgreesWithLive() {
        var r = check(fixture("testnet"), Map.of(), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_DEMO=true\n");

        assertEquals(ExitCodes.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("general.json: $.mode: mode \"testnet\" contradicts BYBIT_DEMO=true (.env line 3): "
                + "demo trading is a mainnet account that only mode \"live\" uses"), r.err());
        assertEquals(ExitCodes.USAGE, check(fixture("paper"), Map.of("BYBIT_DEMO", "true"), "").exitCode());
        assertEquals(ExitCodes.OK, check(fixture("paper"), Map.of("BYBIT_DEMO", "false"), "").exitCode());
    }
}
