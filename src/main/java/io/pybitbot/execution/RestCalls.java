package io.pybitbot.execution;

import io.pybitbot.exchange.bybit.BybitError;
import io.pybitbot.exchange.bybit.BybitResult;
import io.pybitbot.rest.RestClient;
import io.pybitbot.rest.RestOp;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Asks the {@link RestClient} from inside an actor and turns the outcome into one of the actor's own
 * messages. The ask timeout is a backstop only (the client answers every request, possibly with an
 * error); if it fires, the result is an {@link BybitError.Ambiguous} error for writes, a
 * {@link BybitError.Transient} one for reads, and is never retried here.
 */
public final class RestCalls {

    private RestCalls() {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T, C> void ask(ActorContext<C> ctx, ActorRef<RestClient.Command> rest, Duration timeout, RestOp<T> op,
                                  Function<BybitResult<T>, C> toMessage) {
        Class<BybitResult<T>> resultClass = (Class) BybitResult.class;
        ctx.ask(resultClass, rest, timeout, replyTo -> new RestClient.Submit<>(op, replyTo),
                (result, failure) -> toMessage.apply(result != null ? result : BybitResult.err(
                        op.endpoint().isWrite()
                                ? new BybitError.Ambiguous("no answer from the REST client within " + timeout)
                                : new BybitError.Transient(-1, "no answer from the REST client within " + timeout))));
    }

    /** One line for a log: the error's own description. */
    public static String describe(BybitResult<?> result) {
        return result instanceof BybitResult.Err<?> err ? err.error().describe() : "ok";
    }
}
