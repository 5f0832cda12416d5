package io.pybitbot.strategy.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.Main;
import io.pybitbot.strategy.StrategyRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's strategy on the classpath is found by name, validated by config check and backtested. */
class UserStrategyTest {

    /** A class loader that sees what a user's jar would add: the service file naming the provider. */
    static ClassLoader withUserJar(Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.pybitbot.strategy.StrategyProvider"),
                BreakoutStrategy.Provider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, UserStrategyTest.class.getClassLoader());
    }

    static Path configWithBreakout(Path dir, String params) throws Exception {
        Path cfg = dir.resolve("configs");
        Files.createDirectories(cfg);
        try (Stream<Path> files = Files.list(Path.of("configs"))) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(f, cfg.resolve(f.getFileName()));
            }
        }
        Files.writeString(cfg.resolve("strategy.json"), """
                {"strategies": {
                  "strategy_a": {"enabled": false, "timeframe": "5", "params": {}},
                  "breakout": {"enabled": true, "timeframe": "5", "symbols": ["ETHUSDT"], "params": %s}
                }}""".formatted(params));
        return cfg;
    }

    static int run(ClassLoader loader, StringWriter out, StringWriter err, String... args) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl.execute(args);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Test
    void serviceLoaderFindsTheUserStrategy(@TempDir Path dir) throws Exception {
        StrategyRegistry registry = StrategyRegistry.load(withUserJar(dir));
        assertTrue(registry.names().containsAll(java.util.List.of("strategy_a", "strategy_b", "breakout")),
                registry.names().toString());
    }

    @Test
    void configCheckValidatesItsParamsAndBacktestRunsIt(@TempDir Path dir) throws Exception {
        ClassLoader loader = withUserJar(dir.resolve("jar"));
        Path bad = configWithBreakout(dir.resolve("bad"), "{\"lookbak\": 20}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, run(loader, out, err, "config", "check", "--config-dir", bad.toString(),
                "--env-file", dir.resolve("none.env").toString()));
        assertTrue(err.toString().contains("$.strategies.breakout.params.lookbak")
                && err.toString().contains("did you mean 'lookback'"), err.toString());

        Path good = configWithBreakout(dir.resolve("good"), "{\"lookback\": 12}");
        out = new StringWriter();
        err = new StringWriter();
        int code = run(loader, out, err, "backtest", "--quiet", "--config-dir", good.toString(),
                "--env-file", dir.resolve("none.env").toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("[breakout]") && out.toString().contains("ETHUSDT"), out.toString());
        long trades = Files.readAllLines(dir.resolve("out/trades.csv")).stream().filter(l -> l.contains(",breakout,")).count();
        assertTrue(trades > 0, "the breakout strategy traded");
    }
}
