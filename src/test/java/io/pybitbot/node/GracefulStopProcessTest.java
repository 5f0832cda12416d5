package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a real {@code run} process (its own JVM) in the middle of a sim replay. */
class GracefulStopProcessTest {

    @TempDir
    Path dir;

    @Test
    void sigtermDuringASimRunWritesTheSummaryAndExitsZero() throws Exception {
        Path configs = Path.of("configs").toAbsolutePath();
        Path out = dir.resolve("out");
        try (NodeProcess node = NodeProcess.start(dir, "run", "--config-dir", configs.toString(), "--env-file",
                dir.resolve("none.env").toString(), "--speed", "500", "--cluster-port", "0", "--out", out.toString())) {
            node.awaitOutput("node started", Duration.ofSeconds(90));
            node.awaitOutput("Risk: equity", Duration.ofSeconds(90)); // the replay is under way
            node.sigterm();
            int code = node.awaitExit(Duration.ofSeconds(90));
            String log = node.output();
            assertEquals(0, code, log);
            assertTrue(log.contains("SIGTERM: stopping gracefully"), log);
            assertTrue(log.contains("graceful stop (SIGTERM): no new entries"), log);
            assertTrue(log.contains("graceful stop: every order sent has an answer from the exchange"), log);
            assertTrue(log.contains("graceful stop: on_stop keep:"), log);
            assertTrue(log.contains("graceful stop: leaving the cluster"), log);
            assertTrue(log.contains("graceful stop: done"), log);
            assertTrue(Files.isRegularFile(out.resolve("trades.csv")), log);
            assertTrue(Files.isRegularFile(out.resolve("report.html")), log);
            assertTrue(log.contains("TOTAL"), "the summary table is printed:\n" + log);
            assertFalse(log.contains("Exception in thread"), log);
        }
    }
}
