package io.pybitbot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pybitbot.config.ConfigFixture.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** No secret value appears in toString(), exception messages or {@code config check} output. */
class SecretLeakTest {

    private static final String ENV_KEY = "envKEY9f3a1c7d2b";
    private static final String ENV_SECRET = "envSECRETe81d44aa07";
    private static final String FILE_KEY = "fileKEY55c0ffee11";
    private static final String FILE_SECRET = "fileSECRET7b7b7b7b";
    private static final List<String> SECRETS = List.of(ENV_KEY, ENV_SECRET, FILE_KEY, FILE_SECRET);

    @TempDir
    Path tmp;

    private static void assertNoSecret(String where, String text) {
        for (String s : SECRETS) {
            assertFalse(text.contains(s), where + " leaks a secret: " + text);
            // nor a recognisable part of it
            assertFalse(text.contains(s.substring(3, 12)), where + " leaks part of a secret: " + text);
        }
    }

    private ConfigFixture liveWithFileSecrets() {
        return ConfigFixture.copyOfShipped(tmp)
                .edit("general.json", n -> n.put("mode", "live"))
                .env("BYBIT_API_KEY=" + FILE_KEY + "\nBYBIT_API_SECRET='" + FILE_SECRET + "'\n");
    }

    @Test
    void loadedConfigPrintsRedacted() {
        AppConfig c = liveWithFileSecrets().load(Map.of("BYBIT_API_KEY", ENV_KEY));

        assertEquals(ENV_KEY, c.credentials().apiKey().orElseThrow().reveal(), "the values are there for the signer");
        assertEquals(FILE_SECRET, c.credentials().apiSecret().orElseThrow().reveal());
        assertNoSecret("AppConfig.toString", c.toString());
        assertNoSecret("Credentials.toString", c.credentials().toString());
        assertNoSecret("Secret.toString", String.valueOf(c.credentials().apiKey()));
    }

    @Test
    void problemsNeverQuoteSecrets() {
        List<String> texts = new ArrayList<>();
        // secrets on malformed lines, in a bad quote, and next to a mode contradiction
        ConfigFixture f = liveWithFileSecrets()
                .env(FILE_KEY + "\nBYBIT_API_KEY=\"" + FILE_KEY + "\nBYBIT_API_SECRET='" + FILE_SECRET + "' " + FILE_SECRET
                        + "\nBYBIT_TESTNET=true\n" + "9" + FILE_SECRET + "=x\n")
                .edit("execution.json", n -> obj(n, "risk").put("max_drawdown_pct", 7));

        ConfigException e = assertThrows(ConfigException.class,
                () -> f.load(Map.of("BYBIT_API_SECRET", ENV_SECRET, "BYBIT_TESTNET", "true")));
        texts.add(e.getMessage());
        texts.add(e.toString());
        e.problems().forEach(p -> texts.add(p.toString()));

        texts.forEach(t -> assertNoSecret("ConfigException", t));
        assertEquals(7, e.problems().size(), e.getMessage());
    }

    @Test
    void configCheckOutputHasNoSecrets() {
        ConfigFixture ok = liveWithFileSecrets();
        var good = ConfigCheckCommandTest.run(Map.of("BYBIT_API_SECRET", ENV_SECRET), "config", "check",
                "--config-dir", ok.configDir.toString(), "--env-file", ok.envFile.toString());
        assertEquals(0, good.exitCode(), good.err());
        assertNoSecret("config check stdout", good.out());
        assertNoSecret("config check stderr", good.err());

        ok.env("BYBIT_API_KEY=" + FILE_KEY + "\nBYBIT_API_SECRET=\"" + FILE_SECRET + "\nBYBIT_TESTNET=" + FILE_SECRET + "\n");
        var bad = ConfigCheckCommandTest.run(Map.of("BYBIT_API_KEY", ENV_KEY), "config", "check",
                "--config-dir", ok.configDir.toString(), "--env-file", ok.envFile.toString());
        assertEquals(2, bad.exitCode());
        assertNoSecret("config check stdout", bad.out());
        assertNoSecret("config check stderr", bad.err());
    }
}
