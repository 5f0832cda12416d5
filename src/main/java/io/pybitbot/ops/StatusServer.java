package io.pybitbot.ops;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pybitbot.config.Secret;
import io.pybitbot.execution.OrderExecution;
import io.pybitbot.node.Node;
import io.pybitbot.risk.actor.RiskActor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/**
 * The node's status API (general.json {@code $.system.status}): read-only JSON for anyone who can reach it, and
 * controls (halt, resume, flatten) for whoever presents {@code STATUS_API_TOKEN} as a bearer token. Controls are
 * the actors' own journaled commands, so a halt set here survives a restart like one the kill switch set.
 * Without a token it refuses a non-loopback address: an open port must not let a stranger flatten the book.
 */
public final class StatusServer {

    /** A problem the operator caused (address in use, unsafe bind): one line, exit 2. */
    public static final class StartException extends RuntimeException {
        public StartException(String message) {
            super(message);
        }
    }

    /** @param strategies the enabled strategies' names: what pause and resume accept */
    public record Settings(String host, int port, Optional<Secret> token, String mode, List<String> symbols,
                           List<String> strategies, Duration askTimeout, io.pybitbot.config.AlertTargets alerts) {
        public Settings {
            strategies = List.copyOf(strategies);
        }

        @Override
        public String toString() {
            return "StatusServer.Settings[" + host + ":" + port + ", token " + (token.isPresent() ? "set" : "unset")
                    + "]";
        }
    }

    /** A position may lack an exchange-side stop this long (an entry's stop is set right after its fill). */
    static final Duration UNPROTECTED_ALERT_AFTER = Duration.ofSeconds(10);

    /** Equity samples the dashboard charts: 2 h at one sample per {@link NodeMetrics#SAMPLE_EVERY}. */
    static final int EQUITY_SAMPLES = 3600;

    /** Fills the dashboard lists. */
    static final int RECENT_FILLS = 50;

    private final ServerBinding binding;
    private final boolean controls;
    private final NodeMetrics metrics;
    private final org.apache.pekko.actor.typed.ActorRef<AccountTape.Listener.Command> tapeListener;

    private StatusServer(ServerBinding binding, boolean controls, NodeMetrics metrics,
                         org.apache.pekko.actor.typed.ActorRef<AccountTape.Listener.Command> tapeListener) {
        this.binding = binding;
        this.controls = controls;
        this.metrics = metrics;
        this.tapeListener = tapeListener;
    }

    /** Binds (blocking, at most 10 s) or throws {@link StartException} with the reason in one line. */
    public static StatusServer start(ActorSystem<Node.Command> system, Settings s, InstantSource clock) {
        return start(system, s, clock, java.util.Map::of);
    }

    /** As above, reporting {@code invalidRows} (rows the venue boundary dropped, by kind) in status, metrics, alerts. */
    public static StatusServer start(ActorSystem<Node.Command> system, Settings s, InstantSource clock,
                                     java.util.function.Supplier<java.util.Map<String, Long>> invalidRows) {
        if (s.token().isEmpty() && !isLoopback(s.host())) {
            throw new StartException("general.json: $.system.status.host is \"" + s.host() + "\", not a loopback "
                    + "address, and STATUS_API_TOKEN is unset: set a token (environment or .env) before exposing the "
                    + "status API, or bind 127.0.0.1");
        }
        AccountTape tape = new AccountTape(RECENT_FILLS);
        NodeReport report = new NodeReport(system, s.mode(), s.symbols(), s.askTimeout(), clock, tape,
                invalidRows);
        var tapeListener = system.systemActorOf(AccountTape.Listener.create(tape, report::refs, Duration.ofSeconds(5)),
                "status-account-tape-" + java.util.UUID.randomUUID(), org.apache.pekko.actor.typed.Props.empty());
        NodeMetrics metrics = new NodeMetrics(system, report, clock);
        EquityHistory equity = new EquityHistory(EQUITY_SAMPLES);
        metrics.onSample(sample -> equity.add(clock.millis(), sample));
        AlertRules rules = new AlertRules(UNPROTECTED_ALERT_AFTER.toMillis());
        AlertSender alerts = new AlertSender(s.alerts(), java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build(), clock, Duration.ofMinutes(5), 20,
                Duration.ofSeconds(2), org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().address()
                .hostPort());
        metrics.onSample(sample -> rules.next(sample, clock.millis()).forEach(alerts::send));
        Route route = concat(routes(system, report, s.token()), strategyRoutes(system, report, s.token(), s.strategies()), Dashboard.routes(metrics, equity),
                path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(
                        ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()))))));
        try {
            ServerBinding b = Http.get(system).newServerAt(s.host(), s.port()).bind(route).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            return new StatusServer(b, s.token().isPresent(), metrics, tapeListener);
        } catch (java.util.concurrent.ExecutionException e) {
            metrics.stop();
            tapeListener.tell(new AccountTape.Listener.Stop());
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = io.pybitbot.net.BindProblem.describe(cause);
            throw new StartException("status API could not listen on " + s.host() + ":" + s.port() + " ("
                    + (why != null ? why : cause.getMessage()) + "): free the port, or pick another with general.json "
                    + "$.system.status.port or run --status-port");
        } catch (java.util.concurrent.TimeoutException e) {
            metrics.stop();
            tapeListener.tell(new AccountTape.Listener.Stop());
            throw new StartException("status API did not bind " + s.host() + ":" + s.port() + " within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException("interrupted while starting the status API");
        }
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public boolean controls() {
        return controls;
    }

    public void stop() {
        metrics.stop();
        tapeListener.tell(new AccountTape.Listener.Stop());
        binding.unbind().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private static Route routes(ActorSystem<Node.Command> system, NodeReport report, Optional<Secret> token) {
        Materializer mat = Materializer.matFromSystem(system);
        return pathPrefix("api", () -> pathPrefix("v1", () -> concat(
                path("health", () -> get(() -> completeWithFuture(health(report)))),
                path("status", () -> get(() -> completeWithFuture(report.status()
                        .thenApply(n -> json(StatusCodes.OK, n))
                        .exceptionally(e -> error(StatusCodes.SERVICE_UNAVAILABLE, "the node is not up yet"))))),
                path("halt", () -> post(() -> control(token, mat, req -> report.refs().thenCompose(refs ->
                        AskPattern.<RiskActor.Command, RiskActor.Status>ask(refs.risk(),
                                r -> new RiskActor.Halt("status API", why(req), r), Duration.ofSeconds(10),
                                system.scheduler())).thenApply(StatusServer::riskAnswer)))),
                path("resume", () -> post(() -> control(token, mat, req -> report.refs().thenCompose(refs ->
                        AskPattern.<RiskActor.Command, RiskActor.Status>ask(refs.risk(),
                                r -> new RiskActor.ResetHalt("status API", r), Duration.ofSeconds(10),
                                system.scheduler())).thenApply(StatusServer::riskAnswer)))),
                path("flatten", () -> post(() -> control(token, mat, req -> {
                    String symbol = req.path("symbol").asText("").trim();
                    if (symbol.isEmpty()) {
                        return report.refs().thenApply(refs -> {
                            refs.orderExecution().tell(new OrderExecution.FlattenAll("operator via the status API"));
                            ObjectNode n = NodeReport.JSON.createObjectNode();
                            n.put("flattening", true);
                            return json(StatusCodes.ACCEPTED, n);
                        });
                    }
                    if (!symbol.matches("[A-Z0-9]{2,30}")) {
                        return java.util.concurrent.CompletableFuture.completedFuture(error(StatusCodes.BAD_REQUEST,
                                "symbol: found \"" + symbol + "\", expected an upper-case Bybit symbol such as BTCUSDT"));
                    }
                    return report.refs().thenCompose(refs -> AskPattern.<OrderExecution.Command,
                            OrderExecution.FlattenAnswer>ask(refs.orderExecution(), r -> new OrderExecution.FlattenSymbol(
                            symbol, "operator via the status API", r), Duration.ofSeconds(10), system.scheduler()))
                            .thenApply(a -> {
                                ObjectNode n = NodeReport.JSON.createObjectNode();
                                n.put("symbol", a.symbol());
                                n.put("flattening", a.closing());
                                n.put("detail", a.detail());
                                if (!a.closing()) {
                                    n.put("error", a.detail());
                                }
                                return json(a.closing() ? StatusCodes.ACCEPTED : StatusCodes.CONFLICT, n);
                            });
                })))
        )));
    }

    /** {@code POST /api/v1/strategies/NAME/pause} and {@code .../resume}: Risk's journaled commands. */
    private static Route strategyRoutes(ActorSystem<Node.Command> system, NodeReport report, Optional<Secret> token,
                                        List<String> strategies) {
        Materializer mat = Materializer.matFromSystem(system);
        return pathPrefix("api", () -> pathPrefix("v1", () -> pathPrefix("strategies", () -> path(
                org.apache.pekko.http.javadsl.server.PathMatchers.segment().slash(
                        org.apache.pekko.http.javadsl.server.PathMatchers.segment()), (name, action) -> post(() ->
                        control(token, mat, req -> {
                            if (!strategies.contains(name)) {
                                return java.util.concurrent.CompletableFuture.completedFuture(error(StatusCodes.NOT_FOUND,
                                        "no enabled strategy \"" + name + "\"; enabled: " + String.join(", ", strategies)));
                            }
                            if (!action.equals("pause") && !action.equals("resume")) {
                                return java.util.concurrent.CompletableFuture.completedFuture(error(StatusCodes.NOT_FOUND,
                                        "strategies/" + name + "/" + action + ": expected pause or resume"));
                            }
                            return report.refs().thenCompose(refs -> AskPattern.<RiskActor.Command, RiskActor.Status>ask(
                                    refs.risk(), r -> action.equals("pause")
                                            ? new RiskActor.PauseStrategy(name, "status API", r)
                                            : new RiskActor.ResumeStrategy(name, "status API", r),
                                    Duration.ofSeconds(10), system.scheduler())).thenApply(s -> {
                                ObjectNode n = NodeReport.JSON.createObjectNode();
                                n.put("strategy", name);
                                n.put("paused", s.pausedStrategies().containsKey(name));
                                return json(StatusCodes.OK, n);
                            });
                        }))))));
    }

    private static CompletionStage<HttpResponse> health(NodeReport report) {
        return report.refs().handle((refs, e) -> e == null
                ? json(StatusCodes.OK, report.health(true))
                : json(StatusCodes.SERVICE_UNAVAILABLE, report.health(false)));
    }

    private static HttpResponse riskAnswer(RiskActor.Status s) {
        ObjectNode n = NodeReport.JSON.createObjectNode();
        n.put("state", s.tradingState().name());
        n.put("haltReason", s.haltReason());
        ObjectNode halted = n.putObject("haltedSymbols");
        new java.util.TreeMap<>(s.haltedSymbols()).forEach(halted::put);
        ObjectNode paused = n.putObject("pausedStrategies");
        new java.util.TreeMap<>(s.pausedStrategies()).forEach(paused::put);
        return json(StatusCodes.OK, n);
    }

    private interface Action {
        CompletionStage<HttpResponse> run(JsonNode body);
    }

    /** A control: the bearer token first, then the action; a failure inside is a 503, never a stack trace. */
    private static Route control(Optional<Secret> token, Materializer mat, Action action) {
        return extractRequest(req -> {
            if (token.isEmpty()) {
                return complete(error(StatusCodes.FORBIDDEN, "controls are off: set STATUS_API_TOKEN (environment "
                        + "or .env) and restart the node"));
            }
            if (!authorized(req, token.get())) {
                return complete(error(StatusCodes.UNAUTHORIZED, "missing or wrong bearer token")
                        .addHeader(RawHeader.create("WWW-Authenticate", "Bearer")));
            }
            return completeWithFuture(body(req, mat, action).exceptionally(
                    e -> error(StatusCodes.SERVICE_UNAVAILABLE, "the node did not carry it out in time; check status")));
        });
    }

    private static CompletionStage<HttpResponse> body(HttpRequest req, Materializer mat, Action action) {
        return req.entity().toStrict(5000, mat).thenCompose(strict -> action.run(parse(strict.getData().utf8String())));
    }

    private static JsonNode parse(String body) {
        try {
            return body.isBlank() ? NodeReport.JSON.createObjectNode() : NodeReport.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return NodeReport.JSON.createObjectNode();
        }
    }

    private static String why(JsonNode body) {
        return body.path("why").asText("");
    }

    static boolean authorized(HttpRequest req, Secret token) {
        Optional<String> header = req.getHeader("Authorization").map(h -> h.value());
        if (header.isEmpty() || !header.get().startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.get().substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static HttpResponse json(StatusCode code, JsonNode body) {
        try {
            return HttpResponse.create().withStatus(code).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                    NodeReport.JSON.writeValueAsString(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("status JSON", e);
        }
    }

    static HttpResponse error(StatusCode code, String message) {
        ObjectNode n = NodeReport.JSON.createObjectNode();
        n.put("error", message);
        return json(code, n);
    }
}
