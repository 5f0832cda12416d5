package io.pybitbot.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.config.AlertTargets;
import io.pybitbot.config.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Alerts reach a local fake webhook and a fake Telegram; repeats, floods and failing endpoints are contained. */
class AlertSenderTest {

    static final String BOT_TOKEN = "777:secret-bot-token";
    final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final HttpClient http = HttpClient.newHttpClient();

    private AlertSender sender(FakeHttpSink webhook, FakeHttpSink telegram, int perMinute) {
        AlertTargets t = new AlertTargets(Optional.ofNullable(webhook).map(w -> URI.create(w.url() + "/hook/k3y")),
                Optional.ofNullable(telegram).map(x -> Secret.of(BOT_TOKEN)),
                Optional.ofNullable(telegram).map(x -> "-1001"),
                URI.create(telegram == null ? "https://api.telegram.org" : telegram.url()));
        return new AlertSender(t, http, clock, Duration.ofMinutes(5), perMinute, Duration.ofMillis(20), "node-a:25520");
    }

    private static AlertRules.Alert halt() {
        return new AlertRules.Alert("halt", "risk", "RISK HALTED: MAX_DRAWDOWN_HALT: drawdown 21%");
    }

    @Test
    void theWebhookAndTelegramGetTheAlert() throws Exception {
        try (FakeHttpSink hook = new FakeHttpSink(); FakeHttpSink tg = new FakeHttpSink()) {
            sender(hook, tg, 20).send(halt()).get(10, TimeUnit.SECONDS);
            JsonNode h = new ObjectMapper().readTree(hook.await(1, Duration.ofSeconds(5)).get(0).body());
            assertEquals("halt", h.path("kind").asText());
            assertEquals("RISK HALTED: MAX_DRAWDOWN_HALT: drawdown 21%", h.path("text").asText());
            assertEquals("node-a:25520", h.path("node").asText());
            assertEquals("/hook/k3y", hook.received().get(0).path());
            FakeHttpSink.Received t = tg.await(1, Duration.ofSeconds(5)).get(0);
            assertEquals("/bot" + BOT_TOKEN + "/sendMessage", t.path());
            JsonNode m = new ObjectMapper().readTree(t.body());
            assertEquals("-1001", m.path("chat_id").asText());
            assertTrue(m.path("text").asText().contains("RISK HALTED"), m.toString());
        }
    }

    @Test
    void aRepeatWithinTheWindowIsSentOnceAndAFloodIsCut() throws Exception {
        try (FakeHttpSink hook = new FakeHttpSink()) {
            AlertSender s = sender(hook, null, 2);
            s.send(halt()).get(10, TimeUnit.SECONDS);
            s.send(halt()).get(10, TimeUnit.SECONDS);
            assertEquals(1, hook.calls(), "the same halt twice is one alert");
            s.send(new AlertRules.Alert("entry", "BTCUSDT:a", "entry filled")).get(10, TimeUnit.SECONDS);
            s.send(new AlertRules.Alert("entry", "ETHUSDT:b", "entry filled")).get(10, TimeUnit.SECONDS);
            assertEquals(2, hook.calls(), "the third alert of the minute is dropped");
            assertEquals(1, s.dropped());

            now.addAndGet(61_000); // a minute later the budget is back; 5 min later the halt may repeat
            s.send(new AlertRules.Alert("entry", "ETHUSDT:b", "entry filled")).get(10, TimeUnit.SECONDS);
            assertEquals(3, hook.calls());
            now.addAndGet(5 * 60_000);
            s.send(halt()).get(10, TimeUnit.SECONDS);
            assertEquals(4, hook.calls());
        }
    }

    @Test
    void aFailingEndpointIsRetriedThenLoggedWithoutItsSecretsAndNothingThrows() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(AlertSender.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        try (FakeHttpSink hook = new FakeHttpSink(); FakeHttpSink tg = new FakeHttpSink()) {
            AtomicInteger n = new AtomicInteger();
            hook.answer(() -> n.incrementAndGet() == 1 ? 503 : 200); // the first try fails, the second lands
            tg.answer(() -> 500);
            AlertSender s = sender(hook, tg, 20);
            s.send(halt()).get(10, TimeUnit.SECONDS);
            assertEquals(1, hook.received().size(), "delivered on the retry");
            assertEquals(AlertSender.ATTEMPTS, tg.calls(), "Telegram tried " + AlertSender.ATTEMPTS + " times");
            assertEquals(1, s.failed());
        } finally {
            log.detachAppender(lines);
        }
        String all = String.join("\n", lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(all.contains("alert to Telegram failed after 3 attempt(s): HTTP 500"), all);
        assertFalse(all.contains("secret-bot-token"), "the bot token was logged: " + all);
        assertFalse(all.contains("k3y"), "the webhook's path was logged: " + all);
    }
}
