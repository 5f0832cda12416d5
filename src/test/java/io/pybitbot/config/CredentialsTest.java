package io.pybitbot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialsTest {

    @TempDir
    Path tmp;

    @Test
    void environmentOverridesDotEnvPerKey() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("BYBIT_API_KEY=file-key\nBYBIT_API_SECRET=file-secret\n");

        Credentials c = f.load(Map.of("BYBIT_API_KEY", "env-key")).credentials();

        assertEquals("env-key", c.apiKey().orElseThrow().reveal());
        assertEquals("file-secret", c.apiSecret().orElseThrow().reveal());
        assertTrue(c.hasKeys());
    }

    @Test
    void emptyEnvironmentValueFallsBackToDotEnv() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("BYBIT_API_KEY=file-key\n");

        Credentials c = f.load(Map.of("BYBIT_API_KEY", "")).credentials();

        assertEquals("file-key", c.apiKey().orElseThrow().reveal());
    }

    @Test
    void emptyValuesCountAsUnset() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("BYBIT_API_KEY=\nBYBIT_API_SECRET=\"\"\nBYBIT_TESTNET=\n");

        Credentials c = f.load().credentials();

        assertEquals(Credentials.none(), c);
        assertFalse(c.hasKeys());
    }

    @Test
    void testnetFlagParsesTrueAndFalseInAnyCase() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("BYBIT_TESTNET=TRUE\n");
        assertEquals(Optional.of(true), f.load().credentials().testnet());
        assertEquals(Optional.of(false), f.load(Map.of("BYBIT_TESTNET", "false")).credentials().testnet());
    }

    @Test
    void badTestnetFlagFromEnvironmentNamesTheEnvironment() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);

        ConfigException e = assertThrows(ConfigException.class, () -> f.load(Map.of("BYBIT_TESTNET", "1")));

        assertEquals("environment variable BYBIT_TESTNET: found \"1\", expected true or false", e.problems().get(0).render());
    }

    @Test
    void secretToStringAndEqualityDoNotExposeTheValue() {
        Secret a = Secret.of("abcdef");
        assertEquals("***", a.toString());
        assertEquals(Secret.of("abcdef"), a);
        assertNotEquals(Secret.of("abcdeg"), a);
        assertEquals(Secret.of("zzz").hashCode(), a.hashCode());
        assertThrows(IllegalArgumentException.class, () -> Secret.of(""));
    }
}
