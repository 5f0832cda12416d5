package io.pybitbot.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the configuration is when no {@code --config-dir} is given, the same wherever the bot is started: the first
 * of {@code $PYBIT_HOME/configs}, {@code ./configs}, and the checkout the jar was built in
 * ({@code <jar>/../configs}, i.e. {@code target/pybit-bot.jar} finds the repository's {@code configs/}). The directory
 * holding that {@code configs/} is the home: {@code .env}, {@code application.conf} and a relative {@code data_dir}
 * are read from it.
 *
 * @param home   the directory holding {@code configs/}; the working directory when nothing was found
 * @param found  whether a {@code configs/general.json} was found
 * @param looked every place tried, in order, for the message when none was
 */
public record ConfigHome(Path home, boolean found, List<Path> looked) {

    public static final String ENV_VAR = "PYBIT_HOME";

    public ConfigHome {
        looked = List.copyOf(looked);
    }

    public Path configDir() {
        return home.resolve("configs");
    }

    public Path envFile() {
        return home.resolve(".env");
    }

    /** From the process environment, the working directory and where this code was loaded from. */
    public static ConfigHome resolve(Map<String, String> env) {
        return resolve(env, Path.of("").toAbsolutePath(), codeLocation());
    }

    static ConfigHome resolve(Map<String, String> env, Path workingDir, Optional<Path> codeLocation) {
        List<Path> candidates = new ArrayList<>();
        String pybitHome = env.get(ENV_VAR);
        if (pybitHome != null && !pybitHome.isBlank()) {
            candidates.add(Path.of(pybitHome.strip()).toAbsolutePath().normalize());
        }
        candidates.add(workingDir.toAbsolutePath().normalize());
        codeLocation.map(code -> code.toAbsolutePath().normalize()).ifPresent(code -> {
            Path parent = code.getParent();
            if (parent == null) {
                return;
            }
            if (Files.isDirectory(code)) {
                // target/classes: the checkout is two levels up
                if (parent.getParent() != null) {
                    candidates.add(parent.getParent());
                }
            } else {
                // target/pybit-bot.jar: the checkout is the jar folder's parent; a jar copied elsewhere: its own folder
                if (parent.getParent() != null) {
                    candidates.add(parent.getParent());
                }
                candidates.add(parent);
            }
        });
        List<Path> looked = new ArrayList<>();
        for (Path c : candidates) {
            Path configs = c.resolve("configs");
            if (looked.contains(configs)) {
                continue;
            }
            looked.add(configs);
            if (Files.isRegularFile(configs.resolve("general.json"))) {
                return new ConfigHome(c, true, looked);
            }
        }
        return new ConfigHome(workingDir.toAbsolutePath().normalize(), false, looked);
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = ConfigHome.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
