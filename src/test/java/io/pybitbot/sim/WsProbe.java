package io.pybitbot.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client that queues every text frame it receives, for tests. */
final class WsProbe implements WebSocket.Listener, AutoCloseable {

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    WsProbe(String url) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), this).join();
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    private final java.util.List<JsonNode> seen = new java.util.ArrayList<>();

    /**
     * Waits (up to 10 s) for a frame matching {@code p} that no earlier call returned; frames that do not match
     * stay available for later calls, so the order of awaits need not follow the order of pushes.
     */
    JsonNode await(Predicate<JsonNode> p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (true) {
                for (int i = 0; i < seen.size(); i++) {
                    if (p.test(seen.get(i))) {
                        return seen.remove(i);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no matching frame within 10 s; unmatched: " + seen);
                }
                JsonNode n = frames.poll(100, TimeUnit.MILLISECONDS);
                if (n != null) {
                    seen.add(n);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    JsonNode awaitOp(String op) {
        return await(n -> op.equals(n.path("op").asText()));
    }

    JsonNode awaitTopic(String topic) {
        return await(n -> topic.equals(n.path("topic").asText()));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(SimHttp.JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new IllegalStateException("server sent non-JSON: " + partial, e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        ws.abort();
    }
}
