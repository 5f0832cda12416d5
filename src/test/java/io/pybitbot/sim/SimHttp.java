package io.pybitbot.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.exchange.bybit.ApiCredentials;
import io.pybitbot.exchange.bybit.BybitSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** A minimal independent Bybit V5 client for tests (JDK HTTP client), signing as bybit-v5.md section 2 says. */
final class SimHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, String body, Map<String, String> headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        int retCode() {
            return json().path("retCode").asInt(-1);
        }

        JsonNode result() {
            return json().path("result");
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final BybitSigner signer;
    private final LongSupplier clock;
    long recvWindow = 5000;
    Duration timeout = Duration.ofSeconds(10);

    SimHttp(String base, String key, String secret, LongSupplier clock) {
        this.base = base;
        this.signer = new BybitSigner(new ApiCredentials(key, secret));
        this.clock = clock;
    }

    Reply get(String path, String query) {
        return send(HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query))).GET());
    }

    Reply signedGet(String path, String query) {
        return signedGet(path, query, clock.getAsLong());
    }

    Reply signedGet(String path, String query, long ts) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + (query.isEmpty() ? "" : "?" + query)))
                .GET();
        signer.restHeaders(ts, recvWindow, query).forEach(b::header);
        return send(b);
    }

    Reply signedPost(String path, String body) {
        return signedPost(path, body, clock.getAsLong());
    }

    Reply signedPost(String path, String body, long ts) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signer.restHeaders(ts, recvWindow, body).forEach(b::header);
        return send(b);
    }

    Reply send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> h = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
            return new Reply(r.statusCode(), r.body(), h);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
