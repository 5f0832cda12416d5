package io.pybitbot.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the journal (Pekko Persistence events and snapshots) lives: by default an H2 file database under
 * general.json {@code $.system.data_dir}, one file per trading mode so testnet state never meets live
 * state; a PostgreSQL (or other H2) database when {@code PYBIT_JOURNAL_URL} is set in the environment or
 * {@code .env}. {@link #toString()} and {@link #where()} never show the password.
 *
 * @param kind     which database engine
 * @param url      the JDBC URL
 * @param user     {@code PYBIT_JOURNAL_USER}, if set
 * @param password {@code PYBIT_JOURNAL_PASSWORD}, if set
 */
public record JournalConfig(Kind kind, String url, Optional<String> user, Optional<Secret> password) {

    public static final String URL = "PYBIT_JOURNAL_URL";
    public static final String USER = "PYBIT_JOURNAL_USER";
    public static final String PASSWORD = "PYBIT_JOURNAL_PASSWORD";

    public enum Kind { H2, POSTGRES }

    public JournalConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The default: {@code <dataDir>/journal/<mode>.mv.db}, created on first start. */
    public static JournalConfig h2File(Path dataDir, TradingMode mode) {
        return h2File(dataDir, mode, Optional.empty(), Optional.empty());
    }

    /** As above, with the login the file is created with (and must be opened with afterwards). */
    public static JournalConfig h2File(Path dataDir, TradingMode mode, Optional<String> user, Optional<Secret> password) {
        Path file = dataDir.resolve("journal").resolve(mode.code()).toAbsolutePath().normalize();
        return new JournalConfig(Kind.H2, "jdbc:h2:file:" + file, user, password);
    }

    /** For messages: where, and whether a login is set (never the password). */
    public String describe() {
        return where() + user.map(u -> ", user " + u).orElse("") + (password.isPresent() ? ", password set" : "");
    }

    /**
     * A journal that lives as long as the process: for sim and paper runs, whose simulated account is new
     * on every start, so a previous run's peak equity or halt must not carry over.
     */
    public static JournalConfig inMemory(String name) {
        return new JournalConfig(Kind.H2, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", Optional.empty(),
                Optional.empty());
    }

    /**
     * Parses a configured URL; an unsupported one is a problem (the caller names where it came from).
     *
     * @return the config, or empty with the reason in {@code problem[0]}
     */
    static Optional<JournalConfig> parse(String url, Optional<String> user, Optional<Secret> password,
                                         String[] problem) {
        String u = url.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://")) {
            return Optional.of(new JournalConfig(Kind.POSTGRES, u, user, password));
        }
        if (lower.startsWith("jdbc:h2:")) {
            return Optional.of(new JournalConfig(Kind.H2, u, user, password));
        }
        problem[0] = "found " + (u.length() <= 40 ? "\"" + redact(u) + "\"" : "a URL of " + u.length() + " characters")
                + ", expected a JDBC URL such as jdbc:postgresql://localhost:5432/pybit or jdbc:h2:file:/path/journal";
        return Optional.empty();
    }

    /** True for a database that is gone when the process ends. */
    public boolean inMemoryOnly() {
        return url.startsWith("jdbc:h2:mem:");
    }

    /** The H2 database file ({@code .mv.db}), when this is an H2 file journal. */
    public Optional<Path> h2File() {
        if (kind != Kind.H2 || !url.startsWith("jdbc:h2:file:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:file:".length());
        int semi = path.indexOf(';');
        return Optional.of(Path.of((semi < 0 ? path : path.substring(0, semi)) + ".mv.db"));
    }

    /** What to name in messages: the H2 file, or the URL without parameters (they may carry a password). */
    public String where() {
        return h2File().map(Path::toString).orElseGet(() -> inMemoryOnly() ? "in-memory journal" : redact(url));
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        int semi = url.indexOf(';');
        int cut = q < 0 ? semi : semi < 0 ? q : Math.min(q, semi);
        return cut < 0 ? url : url.substring(0, cut);
    }

    @Override
    public String toString() {
        return "JournalConfig[" + kind + " " + where() + ", user=" + user.orElse("<unset>") + ", password="
                + (password.isPresent() ? "***" : "<unset>") + "]";
    }
}
