package io.pybitbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys of {@code .env.example}, resolved by {@link Variables} (environment over {@code .env}) and
 * validated once, for every command: credentials, the {@code BYBIT_TESTNET} and {@code BYBIT_DEMO}
 * interlocks and {@code BYBIT_BASE_URL}. {@link #target} is the one place that decides, from these and
 * the mode, which exchange a command talks to.
 *
 * @param credentials {@code BYBIT_API_KEY}, {@code BYBIT_API_SECRET}, {@code BYBIT_TESTNET}
 * @param demo        {@code BYBIT_DEMO}, absent when unset
 * @param baseUrl     {@code BYBIT_BASE_URL} as an http(s) URL (ws becomes http, wss https), absent when unset
 * @param journal     {@code PYBIT_JOURNAL_URL} with {@code _USER} and {@code _PASSWORD}, absent when unset (the
 *                    journal is then an H2 file under general.json {@code $.system.data_dir})
 * @param alerts      where alerts go ({@code ALERT_WEBHOOK_URL}, {@code TELEGRAM_*})
 * @param variables   where each value came from, for messages
 */
public record EnvSettings(Credentials credentials, Optional<Boolean> demo, Optional<URI> baseUrl,
                          Optional<JournalConfig> journal, AlertTargets alerts, Variables variables) {

    public static final String DEMO = "BYBIT_DEMO";
    public static final String BASE_URL = "BYBIT_BASE_URL";
    /** The bearer token the status API's controls (halt, resume, flatten) require. */
    public static final String STATUS_TOKEN = "STATUS_API_TOKEN";

    /** Every key this class reads; a test checks that it is exactly the set in {@code .env.example}. */
    public static final List<String> KEYS = List.of(Credentials.API_KEY, Credentials.API_SECRET, Credentials.TESTNET,
            DEMO, BASE_URL, JournalConfig.URL, JournalConfig.USER, JournalConfig.PASSWORD, STATUS_TOKEN,
            AlertTargets.WEBHOOK, AlertTargets.TELEGRAM_TOKEN, AlertTargets.TELEGRAM_CHAT, AlertTargets.TELEGRAM_API);

    public EnvSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(demo, "demo");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(variables, "variables");
    }

    /**
     * Reads {@code envFile} under {@code environment}, for commands that need no other configuration
     * ({@code download}).
     *
     * @throws ConfigException listing every problem of the file and the variables
     */
    public static EnvSettings load(Map<String, String> environment, Path envFile) {
        Problems problems = new Problems();
        DotEnv.Result dotEnv = DotEnv.read(envFile);
        problems.addAll(dotEnv.problems());
        EnvSettings s = read(new Variables(environment, dotEnv, String.valueOf(envFile.getFileName())), problems);
        problems.throwIfAny();
        return s;
    }

    /** {@code STATUS_API_TOKEN}, absent when unset: without it the status API offers no controls. */
    public Optional<Secret> statusToken() {
        return variables.get(STATUS_TOKEN).map(v -> Secret.of(v.value()));
    }

    static EnvSettings read(Variables vars, Problems problems) {
        Optional<Secret> key = vars.get(Credentials.API_KEY).map(v -> Secret.of(v.value()));
        Optional<Secret> secret = vars.get(Credentials.API_SECRET).map(v -> Secret.of(v.value()));
        Optional<Boolean> testnet = flag(vars, Credentials.TESTNET, problems);
        Optional<Boolean> demo = flag(vars, DEMO, problems);
        Optional<URI> base = vars.get(BASE_URL).flatMap(v -> url(v, problems));
        return new EnvSettings(new Credentials(key, secret, testnet), demo, base, journal(vars, problems),
                AlertTargets.read(vars, problems), vars);
    }

    private static Optional<JournalConfig> journal(Variables vars, Problems problems) {
        Optional<Variables.Value> url = vars.get(JournalConfig.URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String[] problem = new String[1];
        Optional<JournalConfig> parsed = JournalConfig.parse(url.get().value(),
                vars.get(JournalConfig.USER).map(Variables.Value::value),
                vars.get(JournalConfig.PASSWORD).map(v -> Secret.of(v.value())), problem);
        if (parsed.isEmpty()) {
            problems.add(url.get().problem(problem[0]));
        }
        return parsed;
    }

    private static Optional<Boolean> flag(Variables vars, String key, Problems problems) {
        Optional<Variables.Value> found = vars.get(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String v = found.get().value().trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Optional.of(Boolean.parseBoolean(v));
        }
        problems.add(found.get().problem("found " + shown(found.get().value()) + ", expected true or false"));
        return Optional.empty();
    }

    /** http(s)://host[:port][/prefix], or ws(s):// for the same server (its REST base is http(s)). */
    private static Optional<URI> url(Variables.Value found, Problems problems) {
        String[] problem = new String[1];
        Optional<URI> uri = parseBaseUrl(found.value(), problem);
        if (uri.isEmpty()) {
            problems.add(found.problem(problem[0]));
        }
        return uri;
    }

    /**
     * A Bybit V5 compatible server's base URL, normalized to http(s) without a trailing slash (ws becomes
     * http, wss https), for {@code BYBIT_BASE_URL} and {@code run --exchange-url}.
     *
     * @return the URL, or empty with the reason ("found ..., expected ...") in {@code problem[0]}
     */
    public static Optional<URI> parseBaseUrl(String value, String[] problem) {
        String raw = value.trim();
        String expected = ", expected an http(s):// or ws(s):// URL such as http://127.0.0.1:8090";
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            problem[0] = "found " + shownUrl(raw) + ", which is not a valid URL" + expected;
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String http = switch (scheme) {
            case "http", "ws" -> "http";
            case "https", "wss" -> "https";
            default -> null;
        };
        if (http == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
            problem[0] = "found " + shownUrl(raw) + expected + (uri.getRawUserInfo() != null ? " (without user:password@)" : "");
            return Optional.empty();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problem[0] = "found " + shownUrl(raw) + ", expected a base URL without ?query or #fragment";
            return Optional.empty();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return Optional.of(URI.create(http + "://" + uri.getRawAuthority() + path));
    }

    /**
     * A mistyped flag is shown so the user sees the typo, but a long value may be a secret pasted
     * into the wrong key, so only its length is given.
     */
    static String shown(String value) {
        return value.length() <= 8 ? "\"" + value + "\"" : "a value of " + value.length() + " characters (not shown)";
    }

    /**
     * Something that looks like an address (a ':', '/' or '.', no user:password@) is shown; anything else
     * may be a secret pasted into the wrong key.
     */
    private static String shownUrl(String value) {
        boolean addressLike = value.chars().anyMatch(ch -> ch == ':' || ch == '/' || ch == '.');
        return addressLike && !value.contains("@") && value.length() <= 200 ? "\"" + value + "\"" : shown(value);
    }

    /**
     * Which exchange {@code mode} talks to. {@code BYBIT_BASE_URL} wins in every mode (sim: a standalone
     * simulator instead of the built-in one; paper: where public market data comes from); else sim uses
     * the built-in simulator, paper reads mainnet's public data, testnet trades on testnet, live on
     * mainnet or, with {@code BYBIT_DEMO=true}, on demo. {@code BYBIT_TESTNET} never chooses: it is an
     * interlock that must agree with the mode ({@link #checkAgainst}).
     */
    public ExchangeTarget target(TradingMode mode) {
        if (baseUrl.isPresent()) {
            return ExchangeTarget.custom(baseUrl.get(), BASE_URL + " (" + origin(BASE_URL) + ")");
        }
        return switch (mode) {
            case SIM -> ExchangeTarget.of(ExchangeTarget.Network.BUILT_IN_SIMULATOR, "mode sim");
            case PAPER -> ExchangeTarget.of(ExchangeTarget.Network.MAINNET, "mode paper (public market data only)");
            case TESTNET -> ExchangeTarget.of(ExchangeTarget.Network.TESTNET, "mode testnet");
            case LIVE -> demo.orElse(false)
                    ? ExchangeTarget.of(ExchangeTarget.Network.DEMO, "mode live with " + DEMO + "=true (" + origin(DEMO) + ")")
                    : ExchangeTarget.of(ExchangeTarget.Network.MAINNET, "mode live");
        };
    }

    /**
     * Where {@code download} reads public klines: {@code BYBIT_BASE_URL}, else mainnet (real market data;
     * the testnet and demo switches do not apply to public data).
     */
    public ExchangeTarget marketDataTarget() {
        return baseUrl.map(u -> ExchangeTarget.custom(u, BASE_URL + " (" + origin(BASE_URL) + ")"))
                .orElseGet(() -> ExchangeTarget.of(ExchangeTarget.Network.MAINNET, "default (public market data)"));
    }

    private String origin(String key) {
        return variables.get(key).map(Variables.Value::origin).orElse("unset");
    }

    /**
     * The mode's needs and interlocks: testnet and live need both keys; {@code BYBIT_TESTNET}, when
     * set, must be {@code true} exactly in mode testnet; {@code BYBIT_DEMO=true} only with mode live.
     */
    void checkAgainst(TradingMode mode, String envFileName, Problems problems) {
        Credentials c = credentials;
        if (mode.needsKeys()) {
            for (String key : List.of(Credentials.API_KEY, Credentials.API_SECRET)) {
                boolean present = key.equals(Credentials.API_KEY) ? c.apiKey().isPresent() : c.apiSecret().isPresent();
                if (!present) {
                    problems.add(GeneralJson.FILE, "$.mode", "mode \"" + mode.code() + "\" needs " + key
                            + ", expected it in the environment or in " + envFileName + " (sim and paper need no keys)");
                }
            }
            // a safety interlock against trading real money by mistake
            if (c.testnet().isPresent() && c.testnet().get() != (mode == TradingMode.TESTNET)) {
                problems.add(GeneralJson.FILE, "$.mode", "mode \"" + mode.code() + "\" contradicts "
                        + Credentials.TESTNET + "=" + c.testnet().get() + " (" + origin(Credentials.TESTNET)
                        + "), expected " + Credentials.TESTNET + "=" + (mode == TradingMode.TESTNET) + " or unset");
            }
        }
        if (demo.orElse(false) && mode != TradingMode.LIVE) {
            problems.add(GeneralJson.FILE, "$.mode", "mode \"" + mode.code() + "\" contradicts " + DEMO + "=true ("
                    + origin(DEMO) + "): demo trading is a mainnet account that only mode \"live\" uses, expected "
                    + DEMO + "=false or unset");
        }
    }

    @Override
    public String toString() {
        return "EnvSettings[" + credentials + ", " + DEMO + "=" + demo.map(String::valueOf).orElse("<unset>")
                + ", " + BASE_URL + "=" + baseUrl.map(URI::toString).orElse("<unset>") + "]";
    }
}
