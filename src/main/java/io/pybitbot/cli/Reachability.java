package io.pybitbot.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A look, before a command starts its work, at whether the exchange's host can be reached at all: its name resolves
 * and its port takes a TCP connection. Without it a node or a download without network waits out the REST client's
 * timeouts and retries (half a minute) and then names only the last symptom; with it the user learns in seconds which
 * host failed and why (DNS, refused, no answer).
 */
final class Reachability {
    static final Duration LIMIT = Duration.ofSeconds(4);

    private Reachability() {
    }

    /** Why {@code url}'s host cannot be reached, or empty when it takes a connection within {@code limit}. */
    static Optional<String> problem(URI url, Duration limit) {
        String host = url.getHost();
        if (host == null) {
            return Optional.of("the URL names no host");
        }
        int port = url.getPort() > 0 ? url.getPort()
                : url.getScheme() != null && url.getScheme().matches("https|wss") ? 443 : 80;
        InetAddress address;
        CompletableFuture<InetAddress> lookup = CompletableFuture.supplyAsync(() -> {
            try {
                return InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try {
            address = lookup.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Optional.of("the name " + host + " did not resolve within " + limit.toSeconds() + " s (DNS)");
        } catch (ExecutionException e) {
            return Optional.of("host " + host + " not found (DNS)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) limit.toMillis());
            return Optional.empty();
        } catch (ConnectException e) {
            return Optional.of("connection refused by " + host + ":" + port);
        } catch (SocketTimeoutException e) {
            return Optional.of("no answer from " + host + ":" + port + " within " + limit.toSeconds() + " s");
        } catch (NoRouteToHostException e) {
            return Optional.of("no route to " + host + ":" + port);
        } catch (IOException e) {
            return Optional.of("cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    /** Stops the command (exit 1) when {@code url} cannot be reached; {@code hint} says what the user can change. */
    static void require(URI url, String hint) {
        problem(url, LIMIT).ifPresent(why -> {
            throw new ExitCodes.RuntimeProblem("cannot reach the exchange at " + url + ": " + why + "; " + hint);
        });
    }
}
