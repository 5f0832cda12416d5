package io.pybitbot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pybitbot.config.AppConfig;
import io.pybitbot.config.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line's side of the status API: one request to the node named by general.json
 * {@code $.system.status} (or {@code --url}), its JSON answer, and one-line errors for what an operator can fix.
 */
final class OpsClient {

    /** The node could not be reached or refused: one line, and the exit code it maps to. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<Secret> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpsClient(URI base, Optional<Secret> token) {
        this.base = base;
        this.token = token;
    }

    /** The node this configuration runs: {@code url} when given, else general.json's status host and port. */
    static OpsClient of(AppConfig cfg, String url) {
        String target = url != null ? url
                : "http://" + cfg.general().system().status().host() + ":" + cfg.general().system().status().port();
        URI uri;
        try {
            uri = URI.create(target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UsageException("--url: found \"" + url + "\", expected http://HOST:PORT");
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
            throw new ExitCodes.UsageException("--url: found \"" + url + "\", expected http://HOST:PORT");
        }
        return new OpsClient(uri, cfg.env().statusToken());
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), path);
    }

    /** A control; the token must be set here, as on the node. */
    JsonNode post(String path, JsonNode body) {
        Secret t = token.orElseThrow(() -> new ExitCodes.UsageException("STATUS_API_TOKEN is unset (environment or "
                + ".env): controls need the node's token"));
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + t.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), path);
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> res;
        try {
            res = http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Failure("no node answers at " + base + " (is `run` up? its address is general.json "
                    + "$.system.status, or pass --url)", ExitCodes.RUNTIME_FAILURE);
        } catch (HttpTimeoutException e) {
            throw new Failure("the node at " + base + " did not answer " + path + " within 20 s",
                    ExitCodes.RUNTIME_FAILURE);
        } catch (IOException e) {
            throw new Failure("could not reach " + base + ": " + e.getMessage(), ExitCodes.RUNTIME_FAILURE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", ExitCodes.RUNTIME_FAILURE);
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new Failure(base + path + " answered HTTP " + res.statusCode() + " with something other than JSON"
                    + " (is that a pybit-bot node?)", ExitCodes.RUNTIME_FAILURE);
        }
        if (res.statusCode() == 401) {
            throw new Failure("the node refused the token: STATUS_API_TOKEN here differs from the node's",
                    ExitCodes.USAGE);
        }
        if (res.statusCode() >= 400) {
            throw new Failure("the node answered " + res.statusCode() + ": " + body.path("error").asText(res.body()),
                    res.statusCode() == 403 ? ExitCodes.USAGE : ExitCodes.RUNTIME_FAILURE);
        }
        return body;
    }
}
