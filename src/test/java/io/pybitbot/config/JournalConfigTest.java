package io.pybitbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalConfigTest {

    @TempDir
    Path tmp;

    @Test
    void withoutAUrlTheJournalIsAnH2FileUnderTheDataDirNamedAfterTheMode() {
        JournalConfig j = ConfigFixture.copyOfShipped(tmp).load().journal();
        assertEquals(JournalConfig.Kind.H2, j.kind());
        assertEquals(Optional.of(tmp.resolve("data/journal/sim.mv.db").toAbsolutePath().normalize()), j.h2File(),
                "relative to the working directory the loader was given");
    }

    @Test
    void postgresFromDotEnvUnderTheEnvironment() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("PYBIT_JOURNAL_URL=jdbc:postgresql://db.example:5432/bot\n"
                + "PYBIT_JOURNAL_USER=file-user\nPYBIT_JOURNAL_PASSWORD=pw-from-file\n");
        JournalConfig j = f.load(Map.of("PYBIT_JOURNAL_USER", "env-user")).journal();
        assertEquals(JournalConfig.Kind.POSTGRES, j.kind());
        assertEquals("jdbc:postgresql://db.example:5432/bot", j.where());
        assertEquals(Optional.of("env-user"), j.user());
        assertEquals("pw-from-file", j.password().orElseThrow().reveal());
        assertFalse(j.toString().contains("pw-from-file"), j.toString());
    }

    @Test
    void aBadUrlInDotEnvNamesTheLine() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp).env("# journal\nPYBIT_JOURNAL_URL=postgres://db/x\n");
        ConfigException e = assertThrows(ConfigException.class, f::load);
        String line = e.problems().get(0).render();
        assertTrue(line.startsWith(".env: line 2: PYBIT_JOURNAL_URL: found \"postgres://db/x\""), line);
    }

    @Test
    void anUnsupportedUrlIsAProblemNamingTheKey() {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        ConfigException e = assertThrows(ConfigException.class,
                () -> f.load(Map.of("PYBIT_JOURNAL_URL", "mysql://x/y")));
        String line = e.problems().get(0).render();
        assertTrue(line.startsWith("environment variable PYBIT_JOURNAL_URL: found \"mysql://x/y\", expected a JDBC URL"),
                line);
    }
}
