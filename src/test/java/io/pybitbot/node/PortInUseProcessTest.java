package io.pybitbot.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port somebody else holds, as a user meets it (a real JVM with the product's logging): one line that names the
 * port, exit 2, and no stack trace on the console, whichever port it is.
 */
class PortInUseProcessTest {

    @TempDir
    Path dir;

    private static void assertOneLine(NodeProcess p, String expected) throws Exception {
        assertEquals(2, p.awaitExit(Duration.ofSeconds(60)), p.output());
        String out = p.output();
        assertTrue(out.contains(expected), out);
        assertFalse(out.contains("\tat "), "a stack trace on the console:\n" + out);
    }

    @Test
    void theSimulatorsPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             NodeProcess p = NodeProcess.start(dir, "sim", "--port", Integer.toString(taken.getLocalPort()))) {
            assertOneLine(p, "error: simulator did not start: simulator could not listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is in use, by another node or program; choose another with --port (0 = any free port)");
            assertFalse(p.output().contains("BindException"), p.output());
        }
    }

    @Test
    void theStatusApisPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             NodeProcess p = NodeProcess.start(dir, "run", "--config-dir", Path.of("configs").toAbsolutePath().toString(),
                     "--env-file", dir.resolve("none.env").toString(), "--cluster-port", "0",
                     "--status-port", Integer.toString(taken.getLocalPort()), "--out", dir.resolve("out").toString())) {
            assertOneLine(p, "status API could not listen on 127.0.0.1:" + taken.getLocalPort() + " (the port is in use");
        }
    }
}
