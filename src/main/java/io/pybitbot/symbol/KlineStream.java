package io.pybitbot.symbol;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.japi.Pair;
import java.util.List;
import io.pybitbot.domain.Interval;

/**
 * The WebSocket child of a {@link SymbolActor}: runs the symbol's kline stream and hands every event
 * to the parent. The stream reconnects by itself; should it ever end, this actor fails so its
 * supervisor restarts it with backoff. Stopping the actor (or its parent) closes the socket.
 */
final class KlineStream {
    private KlineStream() {
    }

    /** A stream event for the parent, and a message for ourselves when the stream ended. */
    private record Ended(Throwable cause) {
    }

    static Behavior<Object> create(MarketData data, String symbol, List<Interval> intervals,
                                   ActorRef<SymbolActor.Command> parent) {
        return Behaviors.setup(ctx -> {
            Pair<UniqueKillSwitch, java.util.concurrent.CompletionStage<org.apache.pekko.Done>> running =
                    data.stream(symbol, intervals)
                            .toMat(Sink.foreach(e -> parent.tell(new SymbolActor.StreamEvent(e))), Keep.both())
                            .run(Materializer.matFromSystem(ctx.getSystem()));
            ActorRef<Object> self = ctx.getSelf();
            running.second().whenComplete((done, failure) -> self.tell(new Ended(failure)));
            return Behaviors.receive(Object.class)
                    .onMessage(Ended.class, e -> {
                        throw new IllegalStateException("kline stream of " + symbol + " ended", e.cause());
                    })
                    .onSignal(PostStop.class, s -> {
                        running.first().shutdown();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
