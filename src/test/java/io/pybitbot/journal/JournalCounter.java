package io.pybitbot.journal;

import io.pybitbot.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/** A minimal event-sourced actor: proves a journal keeps events and snapshots across actor systems. */
final class JournalCounter extends EventSourcedBehavior<JournalCounter.Cmd, JournalCounter.Added, JournalCounter.Total> {

    sealed interface Cmd extends CborSerializable permits Add, Get {}

    record Add(long n, ActorRef<Long> replyTo) implements Cmd {}

    record Get(ActorRef<Long> replyTo) implements Cmd {}

    record Added(long n) implements CborSerializable {}

    record Total(long value) implements CborSerializable {}

    static Behavior<Cmd> create(String id) {
        return new JournalCounter(id);
    }

    private JournalCounter(String id) {
        super(PersistenceId.of("JournalCounter", id));
    }

    @Override
    public Total emptyState() {
        return new Total(0);
    }

    @Override
    public CommandHandler<Cmd, Added, Total> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Add.class, (s, c) -> Effect().persist(new Added(c.n())).thenReply(c.replyTo(), Total::value))
                .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.value()))
                .build();
    }

    @Override
    public EventHandler<Total, Added> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(Added.class, (s, e) -> new Total(s.value() + e.n())).build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(3, 2);
    }
}
