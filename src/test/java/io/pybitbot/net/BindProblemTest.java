package io.pybitbot.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class BindProblemTest {

    @Test
    void aPortInUseIsNamedAsSuchThroughPekkosWrapping() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BindException real = null;
            try (ServerSocket second = new ServerSocket(taken.getLocalPort(), 1, InetAddress.getLoopbackAddress())) {
                second.getLocalPort();
            } catch (BindException e) {
                real = e;
            }
            assertEquals("the port is in use, by another node or program", BindProblem.describe(real));
            // Pekko HTTP's wrapping: a plain exception whose message names the JDK's
            assertEquals("the port is in use, by another node or program", BindProblem.describe(new IllegalStateException(
                    "Bind failed because of java.net.BindException: [/127.0.0.1:8090] Address already in use")));
        }
    }

    @Test
    void otherCausesAreNamedAndOtherFailuresAreNotBindProblems() {
        assertEquals("permission denied (ports below 1024 need extra privileges)",
                BindProblem.describe(new RuntimeException("wrapped", new BindException("Permission denied"))));
        assertEquals("this machine has no such address",
                BindProblem.describe(new BindException("Cannot assign requested address")));
        assertNull(BindProblem.describe(new IllegalStateException("something else")));
    }
}
