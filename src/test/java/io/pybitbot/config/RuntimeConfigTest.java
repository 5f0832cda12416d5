package io.pybitbot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuntimeConfigTest {

    @TempDir
    Path tmp;

    private Path configDir() throws Exception {
        return Files.createDirectories(tmp.resolve("configs"));
    }

    @Test
    void packagedDefaultsWhenNoApplicationConf() throws Exception {
        RuntimeConfig rc = RuntimeConfig.load(configDir(), tmp.resolve("elsewhere"), new Properties());

        assertTrue(rc.source().isEmpty());
        assertEquals("pybit", rc.settings().systemName());
        assertEquals(Duration.ofSeconds(5), rc.settings().askTimeout());
        assertEquals("org.apache.pekko.event.slf4j.Slf4jLoggingFilter", rc.config().getString("pekko.logging-filter"));
        assertEquals(java.util.List.of("org.apache.pekko.event.slf4j.Slf4jLogger"), rc.config().getStringList("pekko.loggers"));
        // a node, not a local actor system: the jar appends Pekko's reference.conf after ours, so these come from
        // node-defaults.conf
        assertEquals("cluster", rc.config().getString("pekko.actor.provider"));
        assertEquals("jackson-cbor", rc.config().getString("pekko.actor.serialization-bindings.\"io.pybitbot.CborSerializable\""));
        assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
                rc.config().getString("pekko.cluster.downing-provider-class"));
    }

    @Test
    void theNodeDefaultsAndTheShippedApplicationConfAgree() {
        com.typesafe.config.Config shipped = com.typesafe.config.ConfigFactory.parseFile(Path.of("application.conf").toFile());
        com.typesafe.config.Config defaults = com.typesafe.config.ConfigFactory.parseResources(RuntimeConfig.class,
                "node-defaults.conf");
        for (var e : defaults.entrySet()) {
            if (shipped.hasPath(e.getKey())) {
                assertEquals(shipped.getValue(e.getKey()).unwrapped(), e.getValue().unwrapped(), e.getKey());
            }
        }
        assertTrue(defaults.hasPath("pekko.actor.provider") && shipped.hasPath("pekko.actor.provider"));
    }

    @Test
    void applicationConfNextToTheConfigDirOverridesDefaults() throws Exception {
        Path dir = configDir();
        Files.writeString(tmp.resolve("application.conf"), "pybit.ask-timeout = 2s\npekko.remote.artery.canonical.port = 25999\n");

        RuntimeConfig rc = RuntimeConfig.load(dir, tmp.resolve("elsewhere"), new Properties());

        assertEquals(tmp.resolve("application.conf").toAbsolutePath().normalize(), rc.source().orElseThrow());
        assertEquals(Duration.ofSeconds(2), rc.settings().askTimeout());
        assertEquals(Duration.ofSeconds(30), rc.settings().shutdownTimeout(), "untouched keys keep their defaults");
        assertEquals(25999, rc.config().getInt("pekko.remote.artery.canonical.port"));
    }

    @Test
    void configFilePropertyAndSystemPropertiesTakePrecedence() throws Exception {
        Path dir = configDir();
        Files.writeString(tmp.resolve("application.conf"), "pybit.ask-timeout = 2s\n");
        Path other = tmp.resolve("node2.conf");
        Files.writeString(other, "pybit.ask-timeout = 3s\npybit.shutdown-timeout = 7s\n");
        Properties props = new Properties();
        props.setProperty("config.file", other.toString());
        props.setProperty("pybit.shutdown-timeout", "9s");

        RuntimeConfig rc = RuntimeConfig.load(dir, tmp, props);

        assertEquals(other, rc.source().orElseThrow());
        assertEquals(Duration.ofSeconds(3), rc.settings().askTimeout());
        assertEquals(Duration.ofSeconds(9), rc.settings().shutdownTimeout());
    }

    @Test
    void malformedHoconNamesFileAndLine() throws Exception {
        Path dir = configDir();
        Files.writeString(tmp.resolve("application.conf"), "pekko {\n  loglevel = INFO\n  actor {\n    provider = \n");

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(dir, tmp, new Properties()));

        ConfigProblem p = e.problems().get(0);
        assertEquals("application.conf", p.file());
        assertTrue(p.where().matches("line [45]"), p.render());
        assertTrue(p.message().startsWith("malformed HOCON"), p.render());
    }

    @Test
    void symbolsPerConnectionDefaultsTo50AndAnythingButOneTo500IsNamed() throws Exception {
        Path dir = configDir();
        assertEquals(50, RuntimeConfig.load(dir, tmp.resolve("elsewhere"), new Properties()).settings()
                .wsSymbolsPerConnection());
        Files.writeString(tmp.resolve("application.conf"), "pybit.websocket.symbols-per-connection = 1\n");
        assertEquals(1, RuntimeConfig.load(dir, tmp, new Properties()).settings().wsSymbolsPerConnection());
        for (String bad : List.of("0", "501", "many")) {
            Files.writeString(tmp.resolve("application.conf"), "pybit.websocket.symbols-per-connection = " + bad + "\n");
            ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(dir, tmp, new Properties()));
            ConfigProblem p = e.problems().get(0);
            assertTrue(p.render().contains("pybit.websocket.symbols-per-connection"), p.render());
            assertTrue(p.message().contains("from 1 to 500") && p.message().contains(bad), p.render());
        }
    }

    @Test
    void missingConfigFileIsNamed() throws Exception {
        Properties props = new Properties();
        props.setProperty("config.file", tmp.resolve("nope.conf").toString());

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(configDir(), tmp, props));

        assertEquals("nope.conf", e.problems().get(0).file());
        assertTrue(e.problems().get(0).message().contains("-Dconfig.file"));
    }

    @Test
    void badSeedNodesAndClusterPortAreNamedWithTheExpectedForm() throws Exception {
        Path dir = configDir();
        Files.writeString(tmp.resolve("application.conf"), "pekko.cluster.seed-nodes = [\"pekko://pybit@10.0.0.5:25520\","
                + " \"10.0.0.6:25520\", \"pekko://other@10.0.0.7:25520\"]\npekko.remote.artery.canonical.port = 99999\n");

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(dir, tmp, new Properties()));

        List<String> rendered = e.problems().stream().map(ConfigProblem::render).toList();
        assertEquals(3, rendered.size(), rendered.toString());
        assertTrue(rendered.get(0).startsWith("application.conf: pekko.cluster.seed-nodes[1]: found \"10.0.0.6:25520\","
                + " expected pekko://pybit@host:port"), rendered.get(0));
        assertTrue(rendered.get(1).startsWith("application.conf: pekko.cluster.seed-nodes[2]: found system name \"other\""),
                rendered.get(1));
        assertEquals("application.conf: pekko.remote.artery.canonical.port: found 99999, expected a TCP port in [0, 65535]"
                + " (0 = any free port)", rendered.get(2));
    }

    @Test
    void badRuntimeSettingsNameTheHoconPath() throws Exception {
        Path dir = configDir();
        Files.writeString(tmp.resolve("application.conf"),
                "pybit.ask-timeout = soon\npybit.websocket.reconnect-min-backoff = 60s\n");

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(dir, tmp, new Properties()));

        assertEquals("application.conf: pybit.ask-timeout: found \"soon\", expected a duration such as 5s or 500ms",
                e.problems().get(0).render());
        assertTrue(e.problems().get(1).render().startsWith("application.conf: pybit.websocket.reconnect-min-backoff: found PT1M"),
                e.getMessage());
    }

    @Test
    void badValuesFromSystemPropertiesAreAttributedToThem() throws Exception {
        Properties props = new Properties();
        props.setProperty("pybit.shutdown-timeout", "abc");

        ConfigException e = assertThrows(ConfigException.class, () -> RuntimeConfig.load(configDir(), tmp, props));

        assertEquals("system properties: pybit.shutdown-timeout: found \"abc\", expected a duration such as 5s or 500ms",
                e.problems().get(0).render());
    }

    @Test
    void applicationConfErrorsAreReportedByTheFullLoaderToo() throws Exception {
        ConfigFixture f = ConfigFixture.copyOfShipped(tmp);
        Files.writeString(tmp.resolve("application.conf"), "pekko { actor { ");

        ConfigException e = assertThrows(ConfigException.class, f::load);

        assertEquals("application.conf", e.problems().get(0).file());
    }
}
