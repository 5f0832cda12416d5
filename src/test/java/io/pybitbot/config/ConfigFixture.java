package io.pybitbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/** A copy of the shipped configs/ in a temporary directory, for mutating one thing per test. */
final class ConfigFixture {

    static final Path SHIPPED = Path.of("configs");
    static final String[] FILES = {"general.json", "strategy.json", "execution.json", "indicators.json"};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final Path root;
    final Path configDir;
    final Path envFile;

    private ConfigFixture(Path root) {
        this.root = root;
        this.configDir = root.resolve("configs");
        this.envFile = root.resolve(".env");
    }

    /** Copies the shipped JSON files to {@code root/configs}; no .env, no application.conf. */
    static ConfigFixture copyOfShipped(Path root) {
        ConfigFixture f = new ConfigFixture(root);
        try {
            Files.createDirectories(f.configDir);
            for (String file : FILES) {
                Files.copy(SHIPPED.resolve(file), f.configDir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    static ObjectNode readShipped(String file) {
        try {
            return (ObjectNode) MAPPER.readTree(SHIPPED.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code file}, lets {@code change} edit the tree, writes it back. */
    ConfigFixture edit(String file, Consumer<ObjectNode> change) {
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(configDir.resolve(file).toFile());
            change.accept(tree);
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(configDir.resolve(file).toFile(), tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ConfigFixture write(String file, String content) {
        try {
            Files.writeString(configDir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ConfigFixture env(String content) {
        try {
            Files.writeString(envFile, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    ConfigFixture delete(String file) {
        try {
            Files.delete(configDir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Loads with the given environment, no system properties, {@code root} as the working directory. */
    AppConfig load(Map<String, String> env) {
        return new ConfigLoader(StrategySchemas.builtIn(), env, new Properties(), root).load(configDir, envFile);
    }

    AppConfig load() {
        return load(Map.of());
    }

    static ObjectNode obj(JsonNode n, String... path) {
        JsonNode cur = n;
        for (String p : path) {
            cur = cur.get(p);
        }
        return (ObjectNode) cur;
    }
}
