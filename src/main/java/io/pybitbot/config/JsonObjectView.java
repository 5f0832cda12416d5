package io.pybitbot.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one JSON object of a config file field by field, reporting each wrong field as a problem
 * (file, JSON path, value found, what was expected) and carrying on with the default so that all
 * problems surface in one run. Remembers the keys it was asked for; {@link #finish()} reports the
 * rest as unknown, with a "did you mean".
 *
 * <p>A view over a missing or non-object node reads every field as absent.
 */
final class JsonObjectView {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Problems problems;
    private final String file;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> invalid = new java.util.HashSet<>();

    private JsonObjectView(Problems problems, String file, String path, ObjectNode node) {
        this.problems = problems;
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** The document root; a non-object root is reported. */
    static JsonObjectView root(Problems problems, String file, JsonNode root) {
        return of(problems, file, "$", root);
    }

    private static JsonObjectView of(Problems problems, String file, String path, JsonNode n) {
        if (n != null && !n.isObject()) {
            problems.add(file, path, "found " + describe(n) + ", expected an object");
            return new JsonObjectView(problems, file, path, null);
        }
        return new JsonObjectView(problems, file, path, (ObjectNode) n);
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    boolean isPresent() {
        return node != null;
    }

    boolean has(String key) {
        return node != null && node.has(key) && !node.get(key).isNull();
    }

    String pathOf(String key) {
        return childPath(path, key);
    }

    static String childPath(String parent, String key) {
        return IDENTIFIER.matcher(key).matches() ? parent + "." + key : parent + "['" + key.replace("'", "\\'") + "']";
    }

    void problem(String key, String message) {
        problems.add(file, key == null ? path : pathOf(key), message);
    }

    private JsonNode get(String key) {
        known.add(key);
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** The key was absent or read fine; cross-field checks only compare such values, to avoid follow-on noise. */
    boolean ok(String key) {
        return !invalid.contains(key);
    }

    private void missing(String key, String expected) {
        invalid.add(key);
        problems.add(file, pathOf(key), "missing, expected " + expected);
    }

    private void wrong(String key, JsonNode v, String expected) {
        invalid.add(key);
        problems.add(file, pathOf(key), "found " + describe(v) + ", expected " + expected);
    }

    /** A nested object; absent means every field of it takes its default. */
    JsonObjectView object(String key) {
        return of(problems, file, pathOf(key), get(key));
    }

    /** A nested object that must be present; reported when absent. */
    JsonObjectView requiredObject(String key) {
        JsonNode v = get(key);
        if (v == null && node != null) {
            missing(key, "an object");
        }
        return of(problems, file, pathOf(key), v);
    }

    /** Keys of an object used as a map (names of strategies, interval codes); not checked against a schema. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (node != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
        }
        known.addAll(keys);
        return keys;
    }

    double number(String key, double dflt, Range range, String hint) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        String expected = "a number " + range.describe() + hint(hint);
        if (!v.isNumber()) {
            wrong(key, v, expected);
            return dflt;
        }
        double d = v.doubleValue();
        if (!range.contains(d)) {
            wrong(key, v, expected);
            return dflt;
        }
        return d;
    }

    int integer(String key, int dflt, int min, int max, String hint) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        String expected = "an integer in [" + min + ", " + max + "]" + hint(hint);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            wrong(key, v, expected);
            return dflt;
        }
        return v.intValue();
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            wrong(key, v, "true or false");
            return dflt;
        }
        return v.booleanValue();
    }

    /** A required boolean; {@code dflt} is only what the reading carries on with after reporting it. */
    boolean requiredBool(String key, boolean dflt) {
        if (node != null && get(key) == null) {
            missing(key, "true or false");
            return dflt;
        }
        return bool(key, dflt);
    }

    /** A non-blank string. */
    Optional<String> string(String key, String expected) {
        JsonNode v = get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            wrong(key, v, expected);
            return Optional.empty();
        }
        return Optional.of(v.textValue().trim());
    }

    Optional<String> requiredString(String key, String expected) {
        if (node != null && get(key) == null) {
            missing(key, expected);
            return Optional.empty();
        }
        return string(key, expected);
    }

    /** One of a fixed set of words (case-sensitive, as written in the docs). */
    String choice(String key, String dflt, List<String> allowed) {
        String expected = "one of " + String.join("|", allowed);
        JsonNode v = get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual() || !allowed.contains(v.textValue())) {
            String suggestion = v.isTextual() ? Suggestions.didYouMean(v.textValue(), allowed) : "";
            invalid.add(key);
            problems.add(file, pathOf(key), "found " + describe(v) + ", expected " + expected + suggestion);
            return dflt;
        }
        return v.textValue();
    }

    /**
     * An array of strings. Absent gives empty; when {@code required} an absent or empty array is
     * reported. Each non-string
     * element is reported with its index and skipped.
     */
    List<Element> stringArray(String key, boolean required, String elementExpected) {
        JsonNode v = get(key);
        List<Element> out = new ArrayList<>();
        if (v == null) {
            if (required && node != null) {
                missing(key, "an array of " + elementExpected);
            }
            return out;
        }
        if (!v.isArray()) {
            wrong(key, v, "an array of " + elementExpected);
            return out;
        }
        if (required && v.isEmpty()) {
            problems.add(file, pathOf(key), "found an empty array, expected at least one " + elementExpected);
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = pathOf(key) + "[" + i + "]";
            if (!e.isTextual()) {
                problems.add(file, p, "found " + describe(e) + ", expected " + elementExpected);
            } else {
                out.add(new Element(e.textValue(), p));
            }
        }
        return out;
    }

    /** A string element of an array with its own path, for element-wise checks. */
    record Element(String value, String path) {
    }

    /** Reports every key of this object that no reader asked for. */
    void finish() {
        if (node == null) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                problems.add(file, pathOf(k), "unknown key '" + k + "'" + Suggestions.didYouMean(k, known)
                        + (known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")"));
            }
        }
    }

    private static String hint(String hint) {
        return hint == null || hint.isEmpty() ? "" : " (" + hint + ")";
    }

    /** How a found value is shown: JSON text, shortened; never used for secrets (those are not in JSON). */
    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "an array";
        }
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
