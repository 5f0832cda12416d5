package io.pybitbot.config;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while the whole configuration is read, so all of them are reported at once. */
final class Problems {

    private final List<ConfigProblem> list = new ArrayList<>();

    void add(String file, String where, String message) {
        list.add(new ConfigProblem(file, where, message));
    }

    void add(ConfigProblem problem) {
        list.add(problem);
    }

    void addAll(List<ConfigProblem> problems) {
        list.addAll(problems);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    List<ConfigProblem> list() {
        return List.copyOf(list);
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ConfigException(list);
        }
    }
}
