package io.pybitbot.ops;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeOK;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathEndOrSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The web dashboard: one page and its scripts from the jar ({@code io/pybitbot/ops/dashboard}, uPlot vendored, no
 * CDN, so it works with no internet), the equity ring it charts, and a Server-Sent Events stream of the status.
 * The page holds the operator's token in memory only; controls go to the same bearer-checked endpoints as the CLI.
 */
final class Dashboard {

    static final String RESOURCES = "io/pybitbot/ops/dashboard";

    /** How often the event stream pushes the latest status sample (taken every {@link NodeMetrics#SAMPLE_EVERY}). */
    static final Duration PUSH_EVERY = Duration.ofSeconds(1);

    private static final ObjectWriter COMPACT = NodeReport.JSON.writer().without(SerializationFeature.INDENT_OUTPUT);

    private Dashboard() {
    }

    static Route routes(NodeMetrics metrics, EquityHistory equity) {
        Route page = getFromResource(RESOURCES + "/index.html");
        return concat(
                pathSingleSlash(() -> get(() -> page)),
                pathPrefix("dashboard", () -> concat(
                        pathEndOrSingleSlash(() -> get(() -> page)),
                        get(() -> getFromResourceDirectory(RESOURCES)))),
                pathPrefix("api", () -> pathPrefix("v1", () -> concat(
                        path("equity", () -> get(() -> complete(StatusServer.json(StatusCodes.OK, equity.json())))),
                        path("events", () -> get(() -> completeOK(events(metrics),
                                EventStreamMarshalling.toEventStream())))))));
    }

    /** The latest sample every second, as {@code event: status}; the browser reconnects by itself if it drops. */
    private static Source<ServerSentEvent, org.apache.pekko.NotUsed> events(NodeMetrics metrics) {
        return Source.tick(Duration.ZERO, PUSH_EVERY, "tick")
                .filter(t -> metrics.last().has("risk"))
                .map(t -> ServerSentEvent.create(compact(metrics.last()), "status"))
                .mapMaterializedValue(cancellable -> org.apache.pekko.NotUsed.getInstance());
    }

    private static String compact(com.fasterxml.jackson.databind.JsonNode n) {
        try {
            return COMPACT.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status JSON", e);
        }
    }
}
