package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented downing choices with real processes: cluster nodes in separate JVMs on loopback, one
 * SIGKILLed. Two nodes: losing the younger leaves the oldest up; losing the oldest makes the younger down
 * itself (exit 3). Three nodes: losing the oldest leaves the other two up, one of them the new oldest.
 */
class DowningProcessTest {

    /** One child JVM and what it printed. */
    static final class NodeProc {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        NodeProc(int nodes, String... seeds) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.javaBin(), "-Xmx256m", "-cp", Path.classpath(),
                    ClusterNodeProcess.class.getName(), Integer.toString(nodes), "0"));
            cmd.addAll(List.of(seeds));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        if (l.startsWith("NODE ")) {
                            lines.add(l.substring(5));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process is gone
                }
            }, "node-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** host:port of the node's cluster address. */
        String hostPort() throws InterruptedException {
            String a = await("address=", 60);
            return a.substring(a.indexOf('@') + 1);
        }

        String view() {
            String v = null;
            for (String l : lines) {
                if (l.startsWith("view=")) {
                    v = l.substring(5);
                }
            }
            return v;
        }

        String await(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no '" + prefix + "' within " + seconds + " s; saw " + lines);
        }

        boolean awaitView(String view, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (view.equals(view())) {
                    return true;
                }
                Thread.sleep(100);
            }
            return false;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The JVM and classpath of this test run. */
    static final class Path {
        static String javaBin() {
            return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }

        static String classpath() {
            String cp = System.getProperty("surefire.test.class.path");
            return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        }
    }

    private final List<NodeProc> started = new ArrayList<>();

    private NodeProc start(int nodes, String... seeds) throws Exception {
        NodeProc p = new NodeProc(nodes, seeds);
        started.add(p);
        return p;
    }

    @AfterEach
    void killAll() throws InterruptedException {
        for (NodeProc p : started) {
            p.kill();
        }
    }

    /** The oldest node, then {@code n - 1} more joining it; waits until all see every node up. */
    private List<NodeProc> cluster(int n) throws Exception {
        NodeProc first = start(n);
        String seed = first.hostPort();
        List<NodeProc> all = new ArrayList<>(List.of(first));
        for (int i = 1; i < n; i++) {
            NodeProc p = start(n, seed);
            p.hostPort();
            all.add(p);
        }
        assertTrue(first.awaitView("up:" + n + " unreachable:0 oldest:true", 90), "first: " + first.lines);
        for (NodeProc p : all.subList(1, n)) {
            assertTrue(p.awaitView("up:" + n + " unreachable:0 oldest:false", 90), "joiner: " + p.lines);
        }
        return all;
    }

    @Test
    void twoNodesTheOldestKeepsRunningWhenTheYoungerIsKilled() throws Exception {
        List<NodeProc> c = cluster(2);
        long t0 = System.nanoTime();
        c.get(1).kill();

        assertTrue(c.get(0).awaitView("up:1 unreachable:0 oldest:true", 60), "oldest: " + c.get(0).lines);
        System.out.printf("2 nodes, younger killed: the oldest downed it after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertTrue(c.get(0).process.isAlive(), "the oldest must keep running");
    }

    @Test
    void twoNodesTheYoungerDownsItselfWhenTheOldestIsKilled() throws Exception {
        List<NodeProc> c = cluster(2);
        long t0 = System.nanoTime();
        c.get(0).kill();

        NodeProc younger = c.get(1);
        assertTrue(younger.process.waitFor(60, TimeUnit.SECONDS), "the younger should stop: " + younger.lines);
        System.out.printf("2 nodes, oldest killed: the younger downed itself after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertEquals(3, younger.process.exitValue(), younger.lines.toString());
        assertTrue(younger.lines.contains("downed"), younger.lines.toString());
    }

    @Test
    void threeNodesTheMajorityGoesOnWithANewOldestWhenTheOldestIsKilled() throws Exception {
        List<NodeProc> c = cluster(3);
        long t0 = System.nanoTime();
        c.get(0).kill();

        NodeProc second = c.get(1);
        NodeProc third = c.get(2);
        assertTrue(second.awaitView("up:2 unreachable:0 oldest:true", 60), "second: " + second.lines);
        assertTrue(third.awaitView("up:2 unreachable:0 oldest:false", 60), "third: " + third.lines);
        System.out.printf("3 nodes, oldest killed: the next oldest took over after %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertTrue(second.process.isAlive() && third.process.isAlive());
    }
}
