package io.pybitbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolution of every {@code .env.example} key, with an injected environment: a value only in
 * {@code .env} has the same effect as the same value only in the environment, the environment wins
 * when both are set, and an empty environment value counts as unset.
 */
class EnvSettingsTest {

    @TempDir
    Path tmp;

    /**
     * Per key: two different values and what each changes. A key added to .env.example without an entry
     * here fails {@link #everyKeyOfTheExampleFileIsResolvedAndTested}.
     */
    record Case(String key, String a, String b, Function<EnvSettings, Object> effect) {
        @Override
        public String toString() {
            return key;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("BYBIT_API_KEY", "key-a", "key-b", s -> s.credentials().apiKey().map(Secret::reveal)),
            new Case("BYBIT_API_SECRET", "secret-a", "secret-b", s -> s.credentials().apiSecret().map(Secret::reveal)),
            new Case("BYBIT_TESTNET", "true", "false", s -> s.credentials().testnet()),
            new Case("BYBIT_DEMO", "true", "false", s -> s.target(TradingMode.LIVE).network()),
            new Case("BYBIT_BASE_URL", "http://127.0.0.1:8090", "https://sim.example:9443/prefix",
                    s -> s.target(TradingMode.TESTNET).baseUrl()),
            new Case("PYBIT_JOURNAL_URL", "jdbc:postgresql://db-a:5432/pybit", "jdbc:h2:file:/tmp/j",
                    s -> s.journal().map(JournalConfig::url)),
            // user and password only take effect with a URL (JournalConfigTest); here: they resolve like the rest
            new Case("PYBIT_JOURNAL_USER", "alice", "bob",
                    s -> s.variables().get("PYBIT_JOURNAL_USER").map(Variables.Value::value)),
            new Case("PYBIT_JOURNAL_PASSWORD", "pw-a", "pw-b",
                    s -> s.variables().get("PYBIT_JOURNAL_PASSWORD").map(Variables.Value::value)),
            new Case("STATUS_API_TOKEN", "token-a", "token-b", s -> s.statusToken().map(Secret::reveal)),
            new Case("ALERT_WEBHOOK_URL", "http://127.0.0.1:9/a", "https://hooks.example/b", s -> s.alerts().webhook()),
            new Case("TELEGRAM_BOT_TOKEN", "123:abc", "456:def", s -> s.alerts().telegramToken().map(Secret::reveal)),
            new Case("TELEGRAM_CHAT_ID", "-100", "42", s -> s.alerts().telegramChatId()),
            new Case("TELEGRAM_API_URL", "http://127.0.0.1:9", "https://tg.example", s -> s.alerts().telegramApi()));

    static Stream<Arguments> cases() {
        return CASES.stream().map(Arguments::of);
    }

    private EnvSettings load(Map<String, String> env, String dotEnv) {
        try {
            Path f = Files.createTempDirectory(tmp, "case").resolve(".env");
            Files.writeString(f, dotEnv);
            return EnvSettings.load(env, f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Keys of .env.example, including the optional ones shown commented out ({@code # BYBIT_DEMO=false}). */
    static List<String> exampleKeys() throws IOException {
        Pattern line = Pattern.compile("^#?\\s*([A-Z][A-Z0-9_]*)=.*$");
        TreeSet<String> keys = new TreeSet<>();
        for (String l : Files.readAllLines(Path.of(".env.example"))) {
            Matcher m = line.matcher(l.strip());
            if (m.matches()) {
                keys.add(m.group(1));
            }
        }
        return List.copyOf(keys);
    }

    @Test
    void everyKeyOfTheExampleFileIsResolvedAndTested() throws IOException {
        List<String> example = exampleKeys();
        assertEquals(13, example.size(), example.toString());
        assertEquals(new TreeSet<>(example), new TreeSet<>(EnvSettings.KEYS));
        assertEquals(new TreeSet<>(example), new TreeSet<>(CASES.stream().map(Case::key).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyInDotEnvItActsExactlyAsInTheEnvironment(Case c) {
        Object unset = c.effect().apply(load(Map.of(), ""));
        Object fromFile = c.effect().apply(load(Map.of(), c.key() + "=" + c.a() + "\n"));
        Object fromEnv = c.effect().apply(load(Map.of(c.key(), c.a()), ""));

        assertNotEquals(unset, fromFile, c.key() + " in .env changed nothing");
        assertEquals(fromEnv, fromFile);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEnvironmentWinsOverDotEnv(Case c) {
        Object both = c.effect().apply(load(Map.of(c.key(), c.b()), c.key() + "=" + c.a() + "\n"));
        Object envOnly = c.effect().apply(load(Map.of(c.key(), c.b()), ""));
        Object fileOnly = c.effect().apply(load(Map.of(), c.key() + "=" + c.a() + "\n"));

        assertEquals(envOnly, both);
        assertNotEquals(fileOnly, both, "a and b must have different effects for this test to mean anything");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anEmptyEnvironmentValueCountsAsUnset(Case c) {
        Object emptyEnv = c.effect().apply(load(Map.of(c.key(), ""), c.key() + "=" + c.a() + "\n"));
        Object fileOnly = c.effect().apply(load(Map.of(), c.key() + "=" + c.a() + "\n"));
        Object emptyBoth = c.effect().apply(load(Map.of(c.key(), ""), c.key() + "=\n"));
        Object unset = c.effect().apply(load(Map.of(), ""));

        assertEquals(fileOnly, emptyEnv);
        assertEquals(unset, emptyBoth);
    }

    @Test
    void liveWithDemoInDotEnvResolvesToDemo() {
        EnvSettings s = load(Map.of(), "# my demo account\nBYBIT_DEMO=true\n");

        ExchangeTarget t = s.target(TradingMode.LIVE);

        assertEquals(ExchangeTarget.Network.DEMO, t.network());
        assertEquals("mode live with BYBIT_DEMO=true (.env line 2)", t.chosenBy());
        assertEquals(ExchangeTarget.Network.MAINNET, load(Map.of(), "BYBIT_DEMO=false\n").target(TradingMode.LIVE).network());
        assertEquals(ExchangeTarget.Network.MAINNET, load(Map.of(), "").target(TradingMode.LIVE).network());
    }

    @Test
    void eachModeTalksToItsNetworkAndTheBaseUrlWinsInEveryMode() {
        EnvSettings none = load(Map.of(), "");
        assertEquals(ExchangeTarget.Network.BUILT_IN_SIMULATOR, none.target(TradingMode.SIM).network());
        assertEquals(ExchangeTarget.Network.MAINNET, none.target(TradingMode.PAPER).network());
        assertEquals(ExchangeTarget.Network.TESTNET, none.target(TradingMode.TESTNET).network());
        assertEquals(ExchangeTarget.Network.MAINNET, none.target(TradingMode.LIVE).network());
        // BYBIT_TESTNET is an interlock, never a switch
        assertEquals(ExchangeTarget.Network.MAINNET, load(Map.of(), "BYBIT_TESTNET=true\n").target(TradingMode.LIVE).network());

        EnvSettings custom = load(Map.of(), "BYBIT_DEMO=true\nBYBIT_BASE_URL=ws://127.0.0.1:8090/\n");
        for (TradingMode m : TradingMode.values()) {
            ExchangeTarget t = custom.target(m);
            assertEquals(ExchangeTarget.Network.CUSTOM, t.network(), m.code());
            assertEquals(Optional.of(URI.create("http://127.0.0.1:8090")), t.baseUrl(), "ws:// names the same server");
        }
        assertEquals(Optional.of(URI.create("https://h:1/p")),
                load(Map.of("BYBIT_BASE_URL", "wss://h:1/p//"), "").baseUrl());
        assertEquals(ExchangeTarget.Network.MAINNET, none.marketDataTarget().network());
        assertEquals(ExchangeTarget.Network.CUSTOM, custom.marketDataTarget().network());
    }

    @Test
    void aBadDemoFlagInDotEnvNamesTheFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of(), "BYBIT_TESTNET=false\nBYBIT_DEMO=perhaps\n"));

        assertEquals(1, e.problems().size(), e.getMessage());
        ConfigProblem p = e.problems().get(0);
        assertEquals(".env", p.file());
        assertEquals("line 2", p.where());
        assertEquals("BYBIT_DEMO: found \"perhaps\", expected true or false", p.message());
    }

    @Test
    void badValuesFromTheEnvironmentNameTheVariableAndAreAllReportedAtOnce() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BYBIT_DEMO", "yes");
        env.put("BYBIT_TESTNET", "maybe");
        env.put("BYBIT_BASE_URL", "ftp://127.0.0.1:8090");
        ConfigException e = assertThrows(ConfigException.class, () -> load(env, "BYBIT_DEMO=true\n"));

        List<String> rendered = e.problems().stream().map(ConfigProblem::render).toList();
        assertEquals(List.of(
                "environment variable BYBIT_TESTNET: found \"maybe\", expected true or false",
                "environment variable BYBIT_DEMO: found \"yes\", expected true or false",
                "environment variable BYBIT_BASE_URL: found \"ftp://127.0.0.1:8090\", expected an http(s):// or ws(s)://"
                        + " URL such as http://127.0.0.1:8090"), rendered);
    }

    @Test
    void baseUrlsThatAreNotServerUrlsAreRejected() {
        for (String bad : List.of("127.0.0.1:8090", "http://", "http://h:1/?x=1", "http://h/#f", "http://a b",
                "https://user:pw@h")) {
            ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of(), "BYBIT_BASE_URL=" + bad + "\n"),
                    bad);
            assertEquals("line 1", e.problems().get(0).where(), bad);
            assertTrue(e.problems().get(0).message().startsWith("BYBIT_BASE_URL: found "), e.getMessage());
            assertFalse(e.getMessage().contains("pw"), "credentials in a URL are not echoed: " + e.getMessage());
        }
    }

    @Test
    void aLongBadFlagIsNotEchoedBecauseItMayBeAPastedSecret() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(Map.of(), "BYBIT_DEMO=sk_live_0123456789abcdef\n"));

        assertFalse(e.getMessage().contains("0123456789"), e.getMessage());
        assertTrue(e.getMessage().contains("a value of 24 characters (not shown)"), e.getMessage());
    }
}
