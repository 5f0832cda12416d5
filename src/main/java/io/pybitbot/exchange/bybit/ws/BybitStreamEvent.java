package io.pybitbot.exchange.bybit.ws;

/**
 * What a {@link BybitPublicStream} emits: a marker each time a connection opens (subscriptions were
 * just sent; anything pushed while disconnected is lost, so the consumer back-fills over REST), and
 * every parsed frame.
 */
public sealed interface BybitStreamEvent {

    /**
     * Connection attempt number {@code connection} (1-based) starts; its subscribe requests go out as soon
     * as the socket opens. Emitted before that connection's frames, so a consumer back-fills from here.
     */
    record Connected(int connection) implements BybitStreamEvent {}

    record Frame(BybitWsFrame frame) implements BybitStreamEvent {}

    /** Connection {@code connection} was silent for the stall timeout and is being replaced. */
    record Stalled(int connection) implements BybitStreamEvent {}
}
