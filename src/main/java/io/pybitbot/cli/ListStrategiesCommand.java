package io.pybitbot.cli;

import io.pybitbot.config.StrategyParamsSpec;
import io.pybitbot.strategy.StrategyRegistry;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code list-strategies}: every registered strategy (built in, or a provider on the classpath) and its parameters. */
@Command(name = "list-strategies", mixinStandardHelpOptions = true,
        description = {"Every strategy this build knows (built-in, and providers found on the classpath) with its",
                "parameters: type, range, default, meaning. strategy.json enables one by its name under $.strategies."})
public final class ListStrategiesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    StrategyRegistry registry = StrategyRegistry.load();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, StrategyParamsSpec> specs = registry.schemas().specs();
        out.println(specs.size() + " strateg" + (specs.size() == 1 ? "y" : "ies") + ":");
        specs.forEach((name, params) -> {
            out.println();
            out.println(name + "  (" + registry.providerClass(name) + ")");
            var lines = params.describe();
            if (lines.isEmpty()) {
                out.println("  no parameters");
            }
            lines.forEach(l -> out.println("  " + l));
        });
        out.flush();
        return ExitCodes.OK;
    }
}
