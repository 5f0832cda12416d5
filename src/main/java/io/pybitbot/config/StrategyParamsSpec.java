package io.pybitbot.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The parameter schema of one strategy: which keys its {@code params} object may hold, their types,
 * ranges and defaults, plus cross-field rules. Strategies register a spec under their name (see
 * {@link StrategySchemas}); unknown keys and out-of-range values are reported like any other
 * config problem.
 *
 * <pre>{@code
 * StrategyParamsSpec.builder()
 *     .number("stop_atr_multiple", 2.0, 0, false, 50, "ATR multiples from entry to the stop")
 *     .rule("target_atr_multiple", "must exceed stop_atr_multiple",
 *           p -> p.number("target_atr_multiple") > p.number("stop_atr_multiple"))
 *     .build();
 * }</pre>
 */
public final class StrategyParamsSpec {

    private sealed interface Param permits NumberParam, IntParam, FlagParam, GroupParam {
        String name();

        String doc();
    }

    private record NumberParam(String name, double dflt, Range range, String doc) implements Param {
    }

    private record IntParam(String name, int dflt, int min, int max, String doc) implements Param {
    }

    private record FlagParam(String name, boolean dflt, String doc) implements Param {
    }

    private record GroupParam(String name, StrategyParamsSpec spec, String doc) implements Param {
    }

    /** A cross-field check; {@code field} names the parameter the problem is reported on. */
    private record Rule(String field, String expectation, Predicate<ParamValues> holds) {
    }

    private final List<Param> params;
    private final List<Rule> rules;

    private StrategyParamsSpec(List<Param> params, List<Rule> rules) {
        this.params = List.copyOf(params);
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads and validates {@code params}; problems go to {@code problems}, defaults fill the gaps. */
    ParamValues read(JsonObjectView in, Problems problems) {
        int before = problems.size();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            if (p instanceof NumberParam n) {
                values.put(n.name(), in.number(n.name(), n.dflt(), n.range(), n.doc()));
            } else if (p instanceof IntParam i) {
                values.put(i.name(), in.integer(i.name(), i.dflt(), i.min(), i.max(), i.doc()));
            } else if (p instanceof FlagParam f) {
                values.put(f.name(), in.bool(f.name(), f.dflt()));
            } else if (p instanceof GroupParam g) {
                values.put(g.name(), g.spec().read(in.object(g.name()), problems));
            }
        }
        in.finish();
        ParamValues result = new ParamValues(values);
        if (before == problems.size()) { // cross-field rules only make sense over values that passed their own checks
            for (Rule r : rules) {
                if (!r.holds().test(result)) {
                    in.problem(r.field(), r.field() == null ? "expected " + r.expectation()
                            : "found " + result.asMap().get(r.field()) + ", expected " + r.expectation());
                }
            }
        }
        return result;
    }

    /** The defaults, as a strategy sees them when its {@code params} object is empty. */
    public ParamValues defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : params) {
            if (p instanceof NumberParam n) {
                values.put(n.name(), n.dflt());
            } else if (p instanceof IntParam i) {
                values.put(i.name(), i.dflt());
            } else if (p instanceof FlagParam f) {
                values.put(f.name(), f.dflt());
            } else if (p instanceof GroupParam g) {
                values.put(g.name(), g.spec().defaults());
            }
        }
        return new ParamValues(values);
    }

    /** One line per parameter ({@code name type default doc}), for documentation and {@code config check}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        describe("", out);
        return out;
    }

    private void describe(String prefix, List<String> out) {
        for (Param p : params) {
            if (p instanceof NumberParam n) {
                out.add(prefix + n.name() + ": number " + n.range().describe() + ", default " + n.dflt() + " - " + n.doc());
            } else if (p instanceof IntParam i) {
                out.add(prefix + i.name() + ": integer [" + i.min() + ", " + i.max() + "], default " + i.dflt()
                        + " - " + i.doc());
            } else if (p instanceof FlagParam f) {
                out.add(prefix + f.name() + ": boolean, default " + f.dflt() + " - " + f.doc());
            } else if (p instanceof GroupParam g) {
                out.add(prefix + g.name() + ": object - " + g.doc());
                g.spec().describe(prefix + g.name() + ".", out);
            }
        }
    }

    public static final class Builder {
        private final List<Param> params = new ArrayList<>();
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** A number in ({@code min}, {@code max}] or [{@code min}, {@code max}] depending on {@code minInclusive}. */
        public Builder number(String name, double dflt, double min, boolean minInclusive, double max, String doc) {
            return add(new NumberParam(name, dflt, new Range(min, minInclusive, max, true), doc));
        }

        public Builder integer(String name, int dflt, int min, int max, String doc) {
            return add(new IntParam(name, dflt, min, max, doc));
        }

        public Builder flag(String name, boolean dflt, String doc) {
            return add(new FlagParam(name, dflt, doc));
        }

        public Builder group(String name, StrategyParamsSpec spec, String doc) {
            return add(new GroupParam(name, spec, doc));
        }

        /** A check over the whole (already range-checked) parameter set; a null field reports on the object itself. */
        public Builder rule(String field, String expectation, Predicate<ParamValues> holds) {
            rules.add(new Rule(field, expectation, holds));
            return this;
        }

        private Builder add(Param p) {
            Objects.requireNonNull(p.name(), "name");
            if (params.stream().anyMatch(q -> q.name().equals(p.name()))) {
                throw new IllegalArgumentException("parameter declared twice: " + p.name());
            }
            params.add(p);
            return this;
        }

        public StrategyParamsSpec build() {
            return new StrategyParamsSpec(params, rules);
        }
    }
}
