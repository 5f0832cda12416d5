package io.pybitbot.config;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shipped application.conf, as resolved by the loader, starts a cluster-provider ActorSystem. */
class ApplicationConfStartsPekkoTest {

    @Test
    void shippedRuntimeConfigStartsAnActorSystem() throws Exception {
        RuntimeConfig rc = RuntimeConfig.load(Path.of("configs"), Path.of(""), new Properties())
                .withOverrides(Map.of("pekko.remote.artery.canonical.port", 0,
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off"));

        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), rc.settings().systemName(), rc.config());
        try {
            var cfg = system.settings().config();
            assertEquals("cluster", cfg.getString("pekko.actor.provider"));
            assertEquals("org.apache.pekko.event.slf4j.Slf4jLoggingFilter", cfg.getString("pekko.logging-filter"));
            assertEquals(java.time.Duration.ofSeconds(20),
                    cfg.getDuration("pekko.http.client.websocket.periodic-keep-alive-max-idle"));
            assertEquals(rc.settings().systemName(), system.name());
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
