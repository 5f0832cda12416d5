package io.pybitbot.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where alerts go, from the environment or {@code .env}: a webhook (a JSON POST) and Telegram (Bot API
 * {@code sendMessage}). Both optional; none set means alerts are only logged.
 *
 * @param webhook        {@code ALERT_WEBHOOK_URL}
 * @param telegramToken  {@code TELEGRAM_BOT_TOKEN} (part of the request path: never logged)
 * @param telegramChatId {@code TELEGRAM_CHAT_ID}
 * @param telegramApi    {@code TELEGRAM_API_URL}, default {@code https://api.telegram.org} (tests point it at a fake)
 */
public record AlertTargets(Optional<URI> webhook, Optional<Secret> telegramToken, Optional<String> telegramChatId,
                           URI telegramApi) {

    public static final String WEBHOOK = "ALERT_WEBHOOK_URL";
    public static final String TELEGRAM_TOKEN = "TELEGRAM_BOT_TOKEN";
    public static final String TELEGRAM_CHAT = "TELEGRAM_CHAT_ID";
    public static final String TELEGRAM_API = "TELEGRAM_API_URL";
    static final URI DEFAULT_TELEGRAM_API = URI.create("https://api.telegram.org");

    public boolean telegram() {
        return telegramToken.isPresent() && telegramChatId.isPresent();
    }

    public boolean any() {
        return webhook.isPresent() || telegram();
    }

    /**
     * Reads and checks the four keys: URLs must be http(s). A Telegram token without its chat id (or the other way
     * round) is not an error: Telegram stays off, and {@code config check} and the start banner say which is absent.
     */
    static AlertTargets read(Variables vars, Problems problems) {
        Optional<URI> webhook = vars.get(WEBHOOK).flatMap(v -> httpUrl(v, problems));
        Optional<Variables.Value> token = vars.get(TELEGRAM_TOKEN);
        Optional<Variables.Value> chat = vars.get(TELEGRAM_CHAT);
        URI api = vars.get(TELEGRAM_API).flatMap(v -> httpUrl(v, problems)).orElse(DEFAULT_TELEGRAM_API);
        return new AlertTargets(webhook, token.map(v -> Secret.of(v.value())), chat.map(Variables.Value::value), api);
    }

    private static Optional<URI> httpUrl(Variables.Value v, Problems problems) {
        try {
            URI u = new URI(v.value().trim());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return Optional.of(u);
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        problems.add(v.problem("expected an http(s):// URL"));
        return Optional.empty();
    }

    /** Where alerts go, for the console: nothing secret (a webhook's scheme and host only; a path can hold a key). */
    public String describe() {
        String hook = webhook.map(u -> "webhook " + u.getScheme() + "://" + u.getHost()
                + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/...").orElse("no webhook");
        String tg = telegram() ? "Telegram chat " + telegramChatId.get() + " via " + telegramApi
                : telegramToken.isPresent() ? "no Telegram (" + TELEGRAM_TOKEN + " present, " + TELEGRAM_CHAT + " absent)"
                : telegramChatId.isPresent() ? "no Telegram (" + TELEGRAM_CHAT + " present, " + TELEGRAM_TOKEN + " absent)"
                : "no Telegram";
        return hook + ", " + tg + (any() ? "" : ": alerts are only logged")
                + (telegramApi.equals(DEFAULT_TELEGRAM_API) ? "" : " (Telegram API " + telegramApi + ")");
    }

    @Override
    public String toString() {
        return "AlertTargets[webhook " + (webhook.isPresent() ? "set" : "unset") + ", telegram "
                + (telegram() ? "set" : "unset") + "]";
    }
}
