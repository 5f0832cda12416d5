package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command line the README and docs/ show in a code block ({@code java -jar target/pybit-bot.jar ...}): each
 * must be one the command line accepts (its options and arguments exist), and the ones that finish on their own
 * with the shipped configuration and bundled data (backtest, config check, show-config, list-strategies, --help) are
 * run and must exit 0 without a stack trace. Commands that start a node or a server, talk to a running node or
 * to Bybit are only parsed: their behaviour has tests of their own.
 */
class DocumentedCommandsTest {

    private static final String JAR = "java -jar target/pybit-bot.jar ";
    /** Run for real when a line starts with one of these (and has no placeholder). */
    private static final Set<String> RUNNABLE = Set.of("backtest", "config", "show-config", "list-strategies");
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    static Path out;

    record Documented(Path file, String line) {}

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandLine() throws Exception {
        List<Documented> lines = documented();
        assertTrue(lines.size() >= 25, "the docs show so few command lines: " + lines);
        List<String> run = lines.stream().filter(DocumentedCommandsTest::runnable).map(Documented::line).toList();
        assertTrue(run.size() >= 4 && run.stream().anyMatch(l -> l.contains("backtest --symbols ETHUSDT --interval 15")),
                "these are run for real: " + run);
        return lines.stream().map(d -> DynamicTest.dynamicTest(d.file().getFileName() + ": " + d.line(), () -> check(d)));
    }

    private static void check(Documented d) {
        List<String> args = args(d.line());
        CommandLine parser = io.pybitbot.Main.commandLine();
        try {
            parser.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(d.file() + " shows `" + d.line() + "`, which the command line refuses: "
                    + e.getMessage());
        }
        if (!runnable(d)) {
            return;
        }
        List<String> run = new ArrayList<>(args);
        if (run.get(0).equals("backtest")) {
            int o = run.indexOf("--out");
            if (o >= 0) {
                run.remove(o + 1);
                run.remove(o);
            }
            run.addAll(List.of("--out", out.resolve("bt-" + Math.abs(d.line().hashCode())).toString(), "--quiet"));
        }
        CommandLine cl = io.pybitbot.Main.commandLine();
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        int exit = cl.execute(run.toArray(String[]::new));
        String all = stdout + "\n" + stderr;
        assertEquals(0, exit, d.file() + ": `" + d.line() + "` exits " + exit + ":\n" + all);
        assertFalse(all.contains("\tat ") || all.contains("Exception:"), "a stack trace from `" + d.line() + "`:\n" + all);
    }

    /** Finishes on its own with the shipped configuration and bundled data, and names no placeholder. */
    static boolean runnable(Documented d) {
        List<String> args = args(d.line());
        boolean placeholder = d.line().contains("[")
                || args.stream().anyMatch(a -> a.matches("DIR|FILE|URL|F|T|N|TEXT|SYMBOL|STRATEGY|my-candles/?"));
        return RUNNABLE.contains(args.get(0)) && !placeholder && !args.contains("--synthetic");
    }

    /** The words after the jar, quotes kept together, the comment and a line continuation's break removed. */
    static List<String> args(String line) {
        String rest = line.substring(line.indexOf(JAR) + JAR.length()).replaceAll("\\s+#.*$", "").strip();
        // a synopsis: each optional group [--out DIR] or [--base-url URL | --testnet] is checked by its first choice
        rest = rest.replaceAll("\\[([^\\]|]*)(\\|[^\\]]*)?\\]", "$1");
        List<String> args = new ArrayList<>();
        Matcher m = TOKEN.matcher(rest);
        while (m.find()) {
            args.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return args;
    }

    static List<Documented> documented() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (var docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Documented> out = new ArrayList<>();
        for (Path f : files) {
            boolean inCode = false;
            String pending = null;
            for (String raw : Files.readAllLines(f)) {
                if (raw.strip().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (!inCode) {
                    continue;
                }
                String line = pending != null ? pending + " " + raw.strip() : raw;
                pending = null;
                if (!line.contains(JAR)) {
                    continue;
                }
                if (line.replaceAll("\\s+#.*$", "").endsWith("\\")) {
                    pending = line.replaceAll("\\s+#.*$", "");
                    pending = pending.substring(0, pending.length() - 1).strip();
                    continue;
                }
                // the README's quick start builds first; the documented line is what follows
                out.add(new Documented(f, line.strip()));
            }
        }
        return out;
    }
}
