package io.pybitbot.ops;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line is a HELP, a TYPE or a sample; a
 * family's TYPE comes once and before its samples; names and labels are well formed; values parse as floats.
 * Throws on the first line that breaks a rule; returns the samples by name with their labels.
 */
public final class PrometheusText {

    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\"\\\\n])*)\"(,|$)");
    private static final List<String> SUFFIXES = List.of("", "_total", "_count", "_sum", "_bucket", "_created", "_max");

    private PrometheusText() {}

    public static List<Sample> parse(String text) {
        Set<String> typed = new HashSet<>();
        Map<String, String> typeOf = new HashMap<>();
        List<Sample> samples = new java.util.ArrayList<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if (line.startsWith("# HELP ")) {
                if (!HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("line " + n + ": bad HELP: " + line);
                }
            } else if (line.startsWith("# TYPE ")) {
                m = TYPE.matcher(line);
                if (!m.matches() || !typed.add(m.group(1))) {
                    throw new IllegalArgumentException("line " + n + ": bad or repeated TYPE: " + line);
                }
                typeOf.put(m.group(1), m.group(2));
            } else if (line.startsWith("#")) {
                continue; // a comment
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (SUFFIXES.stream().noneMatch(s -> name.endsWith(s) && typeOf.containsKey(
                        name.substring(0, name.length() - s.length())))) {
                    throw new IllegalArgumentException("line " + n + ": sample before its TYPE: " + line);
                }
                samples.add(new Sample(name, labels(m.group(3), n), value(m.group(4), n)));
            } else {
                throw new IllegalArgumentException("line " + n + ": not a sample: " + line);
            }
        }
        return samples;
    }

    private static Map<String, String> labels(String body, int n) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return out;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("line " + n + ": bad labels {" + body + "}");
            }
            out.put(m.group(1), m.group(2));
            at = m.end();
        }
        return out;
    }

    private static double value(String v, int n) {
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": value " + v + " is not a float");
                }
            }
        };
    }
}
