package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code journal init|show|reset} as a user types them, on a testnet configuration in a temporary directory. */
class JournalCommandTest {

    @TempDir
    Path root;

    private Path configs(String mode) throws Exception {
        Path dir = root.resolve("configs");
        Files.createDirectories(dir);
        for (String f : new String[] {"general.json", "strategy.json", "execution.json", "indicators.json"}) {
            Files.copy(Path.of("configs", f), dir.resolve(f));
        }
        ObjectMapper m = new ObjectMapper();
        ObjectNode g = (ObjectNode) m.readTree(dir.resolve("general.json").toFile());
        g.put("mode", mode);
        ((ObjectNode) g.get("system")).put("data_dir", root.resolve("data").toString());
        m.writeValue(dir.resolve("general.json").toFile(), g);
        Files.writeString(root.resolve(".env"), "BYBIT_API_KEY=k\nBYBIT_API_SECRET=s\nBYBIT_TESTNET=" + mode.equals("testnet") + "\n");
        return dir;
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void initCreatesTheTestnetJournalAndShowListsIt() throws Exception {
        Path dir = configs("testnet");
        String env = root.resolve(".env").toString();
        Result init = run("journal", "init", "--config-dir", dir.toString(), "--env-file", env);
        Path file = root.resolve("data/journal/testnet.mv.db").toAbsolutePath().normalize();
        assertEquals(0, init.code(), init.err());
        assertEquals("journal ready: " + file, init.out().trim());
        assertTrue(Files.isRegularFile(file));

        Result show = run("journal", "show", "--config-dir", dir.toString(), "--env-file", env);
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("(empty)"), show.out());

        Result refused = run("journal", "reset", "--config-dir", dir.toString(), "--env-file", env);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--yes"), refused.err());
        Result reset = run("journal", "reset", "--yes", "--config-dir", dir.toString(), "--env-file", env);
        assertEquals(0, reset.code(), reset.err());
    }

    @Test
    void aCorruptJournalIsOneLineAndExitOne() throws Exception {
        Path dir = configs("live");
        Path file = root.resolve("data/journal/live.mv.db");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "this is not an H2 database ".repeat(2000));
        Result r = run("journal", "show", "--config-dir", dir.toString(), "--env-file", root.resolve(".env").toString());
        assertEquals(1, r.code());
        String[] lines = r.err().trim().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: journal " + file.toAbsolutePath().normalize() + " is corrupt"), lines[0]);
        assertFalse(r.err().contains("at org."), "no stack trace");
    }
}
