package io.pybitbot.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code init [DIR]}: writes a starter configuration (the shipped {@code configs/}, {@code application.conf}, and
 * {@code .env} from {@code .env.example}) into DIR, so the bot can run from a folder of one's own. Refuses to
 * overwrite anything unless {@code --force}.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a starter configuration into DIR (default: the current directory): configs/*.json,",
                "application.conf and .env (from .env.example, no keys). Then `run --config-dir DIR/configs`, or set",
                "PYBIT_HOME=DIR. Existing files are left alone unless --force."})
public final class InitCommand implements Callable<Integer> {

    /** What the jar carries under {@code io/pybitbot/starter/}, and where each goes under DIR. */
    static final List<String[]> FILES = List.of(
            new String[] {"configs/general.json", "configs/general.json"},
            new String[] {"configs/strategy.json", "configs/strategy.json"},
            new String[] {"configs/execution.json", "configs/execution.json"},
            new String[] {"configs/indicators.json", "configs/indicators.json"},
            new String[] {"application.conf", "application.conf"},
            new String[] {".env.example", ".env.example"},
            new String[] {".env.example", ".env"});

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Where to write (created if missing).")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "Overwrite files that exist.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputDir.prepare(dir, "init");
        List<Path> existing = new ArrayList<>();
        for (String[] f : FILES) {
            Path target = dir.resolve(f[1]);
            if (Files.exists(target)) {
                existing.add(target);
            }
        }
        if (!existing.isEmpty() && !force) {
            err.println("error: init " + dir + ": " + existing.size() + " file(s) exist and were left alone ("
                    + String.join(", ", existing.stream().map(Path::toString).toList()) + "); give --force to overwrite");
            err.flush();
            return ExitCodes.USAGE;
        }
        try {
            for (String[] f : FILES) {
                Path target = dir.resolve(f[1]);
                Files.createDirectories(target.toAbsolutePath().getParent());
                try (InputStream in = InitCommand.class.getResourceAsStream("/io/pybitbot/starter/" + f[0])) {
                    if (in == null) {
                        err.println("error: this build carries no starter " + f[0] + " (rebuild with mvn package)");
                        err.flush();
                        return ExitCodes.RUNTIME_FAILURE;
                    }
                    Files.write(target, in.readAllBytes());
                }
                out.println("wrote " + target);
            }
        } catch (IOException e) {
            err.println("error: init " + dir + ": " + OutputDir.reason(e));
            err.flush();
            return ExitCodes.RUNTIME_FAILURE;
        }
        Path abs = dir.toAbsolutePath().normalize();
        out.println("next: edit " + abs.resolve("configs") + ", then `pybit-bot run --config-dir "
                + abs.resolve("configs") + "` (or set PYBIT_HOME=" + abs + ")");
        out.flush();
        return ExitCodes.OK;
    }
}
