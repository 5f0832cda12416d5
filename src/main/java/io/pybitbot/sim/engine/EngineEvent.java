package io.pybitbot.sim.engine;

/** What changed inside the engine, for the private WebSocket topics. Drained with {@link MatchingEngine#drainEvents}. */
public sealed interface EngineEvent {

    record OrderChanged(SimOrder order) implements EngineEvent {}

    record Executed(SimExecution execution) implements EngineEvent {}

    record PositionChanged(PositionView position) implements EngineEvent {}

    record WalletChanged(WalletView wallet) implements EngineEvent {}
}
