package io.pybitbot.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .env} file: {@code KEY=VALUE} lines, {@code #} comments, blank lines, an optional
 * {@code export } prefix, single quotes (literal) and double quotes (with {@code \n \t \r \" \\}
 * escapes). Unquoted values are trimmed and end at a {@code #} that follows whitespace. A later
 * line for the same key wins.
 *
 * <p>Problems name the file and line but never echo the line: it may hold a secret.
 */
public final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** @param values      what the file defines, in file order
     *  @param present     whether the file existed
     *  @param problems    malformed lines, each naming file and line
     *  @param lineNumbers the line each key was last defined on */
    public record Result(Map<String, String> values, boolean present, List<ConfigProblem> problems,
                         Map<String, Integer> lineNumbers) {
        public Result {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            problems = List.copyOf(problems);
            lineNumbers = Map.copyOf(lineNumbers);
        }

        /** Where a key was (last) defined, for problem messages: {@code line N}. */
        public String whereIs(String key) {
            Integer line = lineNumbers.get(key);
            return line == null ? key : "line " + line;
        }

        @Override
        public String toString() {
            // values may be secrets: show only the keys
            return "DotEnv.Result[keys=" + values.keySet() + ", present=" + present + ", problems=" + problems + "]";
        }
    }

    private DotEnv() {
    }

    /** Reads the file; a missing file is not an error and defines nothing. */
    public static Result read(Path file) {
        String name = String.valueOf(file.getFileName());
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return parse(name, lines);
        } catch (NoSuchFileException e) {
            return new Result(Map.of(), false, List.of(), Map.of());
        } catch (IOException e) {
            return new Result(Map.of(), true, List.of(new ConfigProblem(name, "",
                    "cannot be read (" + e.getClass().getSimpleName() + ")")), Map.of());
        }
    }

    /** Parses the lines of a file called {@code fileName} (used in problem messages). */
    public static Result parse(String fileName, List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Integer> lineNumbers = new java.util.HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = "line " + (i + 1);
            String line = lines.get(i);
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.startsWith("export ") || trimmed.startsWith("export\t")) {
                trimmed = trimmed.substring("export".length()).strip();
            }
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                problems.add(new ConfigProblem(fileName, where, "expected KEY=VALUE, found no '='"));
                continue;
            }
            String key = trimmed.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                problems.add(new ConfigProblem(fileName, where,
                        "invalid key name, expected letters, digits and '_' not starting with a digit"));
                continue;
            }
            try {
                values.put(key, value(trimmed.substring(eq + 1)));
                lineNumbers.put(key, i + 1);
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(fileName, where, "value of " + key + ": " + e.getMessage()));
            }
        }
        return new Result(values, true, problems, lineNumbers);
    }

    private static String value(String raw) {
        String v = raw.strip();
        if (v.isEmpty()) {
            return "";
        }
        char q = v.charAt(0);
        if (q == '\'' || q == '"') {
            StringBuilder out = new StringBuilder();
            int i = 1;
            boolean closed = false;
            while (i < v.length()) {
                char c = v.charAt(i);
                if (c == q) {
                    closed = true;
                    break;
                }
                if (c == '\\' && q == '"') {
                    if (i + 1 >= v.length()) {
                        break;
                    }
                    char n = v.charAt(++i);
                    switch (n) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '"' -> out.append('"');
                        case '\\' -> out.append('\\');
                        case '$' -> out.append('$');
                        default -> throw new IllegalArgumentException("unknown escape '\\" + n
                                + "' in double quotes, expected one of \\n \\t \\r \\\" \\\\ \\$");
                    }
                } else {
                    out.append(c);
                }
                i++;
            }
            if (!closed) {
                throw new IllegalArgumentException("unterminated " + (q == '"' ? "double" : "single") + " quote");
            }
            String rest = v.substring(i + 1).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new IllegalArgumentException("unexpected text after the closing quote, expected nothing or a # comment");
            }
            return out.toString();
        }
        // unquoted: a comment starts at '#' after whitespace, so "abc#1" keeps its '#'
        for (int i = 1; i < v.length(); i++) {
            if (v.charAt(i) == '#' && Character.isWhitespace(v.charAt(i - 1))) {
                return v.substring(0, i).strip();
            }
        }
        return v;
    }
}
