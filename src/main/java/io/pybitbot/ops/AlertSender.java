package io.pybitbot.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.config.AlertTargets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to the webhook and Telegram without ever holding up trading: each one is logged, de-duplicated (the
 * same kind and key within {@code dedupWindow} goes once), rate-limited ({@code maxPerMinute}), then posted
 * asynchronously with a few retries; a failing endpoint ends in one WARN line. URLs are never logged whole (a
 * Telegram token is part of its path, a webhook path may be a key).
 */
final class AlertSender {

    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    static final int ATTEMPTS = 3;

    private final AlertTargets targets;
    private final HttpClient http;
    private final InstantSource clock;
    private final Duration dedupWindow;
    private final int maxPerMinute;
    private final Duration retryDelay;
    private final String node;
    private final Map<String, Long> lastSentMs = new HashMap<>();
    private final Deque<Long> sentInLastMinute = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    AlertSender(AlertTargets targets, HttpClient http, InstantSource clock, Duration dedupWindow, int maxPerMinute,
                Duration retryDelay, String node) {
        this.targets = targets;
        this.http = http;
        this.clock = clock;
        this.dedupWindow = dedupWindow;
        this.maxPerMinute = maxPerMinute;
        this.retryDelay = retryDelay;
        this.node = node;
    }

    /** Logs the alert and, unless it repeats or the minute's budget is spent, sends it; returns at once. */
    synchronized CompletableFuture<Void> send(AlertRules.Alert alert) {
        long now = clock.millis();
        String id = alert.kind() + ":" + alert.key();
        Long last = lastSentMs.get(id);
        if (last != null && now - last < dedupWindow.toMillis()) {
            return CompletableFuture.completedFuture(null);
        }
        while (!sentInLastMinute.isEmpty() && now - sentInLastMinute.peekFirst() >= 60_000) {
            sentInLastMinute.removeFirst();
        }
        LOG.warn("ALERT {}: {}", alert.kind(), alert.text());
        if (sentInLastMinute.size() >= maxPerMinute) {
            dropped.incrementAndGet();
            LOG.warn("alert {} not sent: more than {} alerts this minute ({} dropped so far)", alert.kind(),
                    maxPerMinute, dropped.get());
            return CompletableFuture.completedFuture(null);
        }
        lastSentMs.put(id, now);
        sentInLastMinute.addLast(now);
        CompletableFuture<Void> webhook = targets.webhook()
                .map(u -> post("webhook " + hostOf(u), u, webhookBody(alert, now))).orElse(done());
        CompletableFuture<Void> telegram = targets.telegram()
                ? post("Telegram", telegramUrl(), telegramBody(alert)) : done();
        return CompletableFuture.allOf(webhook, telegram);
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    private String webhookBody(AlertRules.Alert a, long now) {
        ObjectNode n = NodeReport.JSON.createObjectNode();
        n.put("kind", a.kind());
        n.put("text", a.text());
        n.put("node", node);
        n.put("time", java.time.Instant.ofEpochMilli(now).toString());
        return n.toString();
    }

    private String telegramBody(AlertRules.Alert a) {
        ObjectNode n = NodeReport.JSON.createObjectNode();
        n.put("chat_id", targets.telegramChatId().orElseThrow());
        n.put("text", "pybit-bot " + node + ": " + a.text());
        n.put("disable_web_page_preview", true);
        return n.toString();
    }

    private URI telegramUrl() {
        String base = targets.telegramApi().toString().replaceAll("/+$", "");
        return URI.create(base + "/bot" + targets.telegramToken().orElseThrow().reveal() + "/sendMessage");
    }

    private CompletableFuture<Void> post(String where, URI url, String body) {
        return attempt(where, url, body, 1);
    }

    private CompletableFuture<Void> attempt(String where, URI url, String body, int n) {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((res, e) -> {
            if (e == null && res.statusCode() < 300) {
                return done();
            }
            String why = e != null ? e.getClass().getSimpleName() : "HTTP " + res.statusCode();
            boolean retryable = e != null || res.statusCode() == 429 || res.statusCode() >= 500;
            if (retryable && n < ATTEMPTS) {
                return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(retryDelay.toMillis() * n, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> attempt(where, url, body, n + 1));
            }
            failed.incrementAndGet();
            LOG.warn("alert to {} failed after {} attempt(s): {}", where, n, why);
            return done();
        }).thenCompose(f -> f);
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static String hostOf(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }
}
