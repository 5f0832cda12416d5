package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigLoader;
import io.pybitbot.config.StrategySchemas;
import io.pybitbot.exchange.bybit.ws.BybitPublicStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streams a node opens use {@code pybit.websocket.*} from the runtime configuration. */
class RunStreamSettingsTest {

    private static AppConfig load(Path root) throws Exception {
        Path configs = Files.createDirectories(root.resolve("configs"));
        try (var files = Files.list(Path.of("configs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(f, configs.resolve(f.getFileName()));
            }
        }
        return new ConfigLoader(StrategySchemas.builtIn(), Map.of(), new Properties(), root)
                .load(configs, root.resolve("none.env"));
    }

    @Test
    void theConfiguredStallTimeoutAndBackoffAreUsed(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("application.conf"), "pybit.websocket {\n  stall-timeout = 7s\n"
                + "  reconnect-min-backoff = 2s\n  reconnect-max-backoff = 9s\n}\n");
        BybitPublicStream.Settings s = RunCommand.streamSettings(load(root));
        assertEquals(Duration.ofSeconds(7), s.stallTimeout());
        assertEquals(Duration.ofSeconds(2), s.minBackoff());
        assertEquals(Duration.ofSeconds(9), s.maxBackoff());
        assertTrue(s.pingInterval().compareTo(s.stallTimeout()) < 0, "a healthy quiet connection pings before it looks stalled");
    }

    @Test
    void withoutAnOverrideThePackagedThirtySecondsApply(@TempDir Path root) throws Exception {
        BybitPublicStream.Settings s = RunCommand.streamSettings(load(root));
        assertEquals(Duration.ofSeconds(30), s.stallTimeout(), "reference.conf pybit.websocket.stall-timeout");
        assertEquals(Duration.ofSeconds(15), s.pingInterval());
    }
}
