package io.pybitbot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;

/**
 * Finds every actor protocol in the compiled code (a sealed interface named {@code Command} nested in a class)
 * and checks that each public message, and every reply type named by a {@code replyTo}-style {@code ActorRef}
 * component, is {@link CborSerializable}: a new message that could cross nodes without a serializer fails here.
 * Private messages are an actor's own (self-sent adapters) and never leave its JVM. The round trips themselves
 * are checked per protocol ({@code *SerializationTest}).
 */
class CrossNodeProtocolsTest {

    /** Protocols that never cross nodes, and why. */
    private static final Set<String> LOCAL_ONLY = Set.of(
            // the node's guardian: its Start carries the factories that build this JVM's actors
            "io.pybitbot.node.Node$Command",
            // a SymbolActor's child: spawned by it, only ever told by it, in its JVM (its events are serializable)
            "io.pybitbot.symbol.CandleProgress$Command");

    static List<Class<?>> protocols() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(CborSerializable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("$Command.class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replace(".class", "");
                Class<?> c = Class.forName(name, false, CrossNodeProtocolsTest.class.getClassLoader());
                if (c.isInterface() && c.isSealed() && !LOCAL_ONLY.contains(c.getName())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    void theScanFindsTheActorsProtocols() throws Exception {
        TreeSet<String> found = new TreeSet<>();
        protocols().forEach(c -> found.add(c.getName()));
        for (String expected : List.of("io.pybitbot.rest.RestClient$Command", "io.pybitbot.risk.actor.RiskActor$Command",
                "io.pybitbot.execution.OrderExecution$Command", "io.pybitbot.tpsl.TpSlActor$Command",
                "io.pybitbot.account.AccountFeed$Command", "io.pybitbot.symbol.SymbolActor$Command")) {
            assertTrue(found.contains(expected), expected + " not found in " + found);
        }
    }

    @Test
    void everyPublicMessageAndEveryReplyIsCborSerializable() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> protocol : protocols()) {
            for (Class<?> message : protocol.getPermittedSubclasses()) {
                if (!Modifier.isPublic(message.getModifiers())) {
                    continue;
                }
                if (!CborSerializable.class.isAssignableFrom(message)) {
                    missing.add(message.getName() + " (message of " + protocol.getName() + ")");
                }
                if (message.isRecord()) {
                    for (RecordComponent rc : message.getRecordComponents()) {
                        Class<?> reply = replyType(rc.getGenericType());
                        if (reply != null && !serializable(reply)) {
                            missing.add(reply.getName() + " (reply in " + message.getName() + "." + rc.getName() + ")");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "not CborSerializable, so they cannot cross nodes");
    }

    /** Marked itself, or a sealed type whose every case is (like {@code Verdict}). */
    private static boolean serializable(Class<?> c) {
        if (CborSerializable.class.isAssignableFrom(c)) {
            return true;
        }
        return c.isSealed() && Stream.of(c.getPermittedSubclasses()).allMatch(CrossNodeProtocolsTest::serializable);
    }

    /** X of an {@code ActorRef<X>} (or of {@code ActorRef<X<T>>}); null if not an ActorRef or X is a type variable. */
    private static Class<?> replyType(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() == ActorRef.class) {
            Type arg = p.getActualTypeArguments()[0];
            if (arg instanceof ParameterizedType pa) {
                return (Class<?>) pa.getRawType();
            }
            return arg instanceof Class<?> c ? c : null;
        }
        return null;
    }
}
