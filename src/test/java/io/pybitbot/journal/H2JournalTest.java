package io.pybitbot.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.config.JournalConfig;
import io.pybitbot.config.TradingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2JournalTest {

    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesTheFileUnderTheDataDirPerMode() {
        JournalConfig testnet = JournalConfig.h2File(dataDir, TradingMode.TESTNET);
        Journal.open(testnet);
        assertTrue(Files.isRegularFile(dataDir.resolve("journal/testnet.mv.db")));
        assertFalse(Files.exists(dataDir.resolve("journal/live.mv.db")), "testnet state never meets live state");
        assertEquals(dataDir.resolve("journal/testnet.mv.db").toAbsolutePath().normalize().toString(), testnet.where());
    }

    @Test
    void anH2FileJournalWritesEachCommitThroughSoAKilledProcessKeepsIt() {
        Journal journal = Journal.open(JournalConfig.h2File(dataDir, TradingMode.TESTNET));
        String url = journal.pekkoConfig().getString("pekko-persistence-jdbc.shared-databases.pybit.db.url");
        assertTrue(url.contains(";WRITE_DELAY=0"), url);
        assertTrue(url.contains(";MAX_LENGTH_INPLACE_LOB=4096"), "events inline, not in the LOB store: " + url);
        assertEquals("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", Journal.open(JournalConfig.inMemory("x")).jdbcUrl());
    }

    @Test
    void eventsAndSnapshotsSurviveARestartOnTheSameFile() {
        Journal journal = Journal.open(JournalConfig.h2File(dataDir, TradingMode.TESTNET));
        assertEquals(5, JournalFixture.addInFreshSystem(journal, "a", 5));
        for (int i = 0; i < 4; i++) {
            JournalFixture.addInFreshSystem(journal, "a", 1);
        }
        // a new system on a re-opened journal replays snapshot + events
        assertEquals(19, JournalFixture.addInFreshSystem(Journal.open(journal.config()), "a", 10));
        List<Journal.Entry> entries = journal.entries();
        assertEquals(1, entries.size());
        assertEquals("JournalCounter|a", entries.get(0).persistenceId());
        assertTrue(entries.get(0).snapshotAt() >= 3, "snapshots every 3 events: " + entries.get(0));

        journal.reset();
        assertTrue(journal.entries().isEmpty());
        assertEquals(2, JournalFixture.addInFreshSystem(journal, "a", 2), "after a reset the counter starts over");
    }

    @Test
    void aCorruptFileIsOneLineNamingItNeverAFreshStart() throws Exception {
        Path file = dataDir.resolve("journal/live.mv.db");
        Files.createDirectories(file.getParent());
        byte[] junk = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(junk);
        Files.write(file, junk);
        JournalException e = assertThrows(JournalException.class,
                () -> Journal.open(JournalConfig.h2File(dataDir, TradingMode.LIVE)));
        assertTrue(e.getMessage().startsWith("journal " + file.toAbsolutePath().normalize()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.usage());
        assertEquals(64 * 1024, Files.size(file), "the file is left as it was");
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAConfigurationError() throws Exception {
        Files.writeString(dataDir.resolve("blocker"), "a file where the data dir should be");
        JournalException e = assertThrows(JournalException.class,
                () -> Journal.open(JournalConfig.h2File(dataDir.resolve("blocker"), TradingMode.LIVE)));
        assertTrue(e.usage());
        assertTrue(e.getMessage().contains("blocker"), e.getMessage());
    }
}
