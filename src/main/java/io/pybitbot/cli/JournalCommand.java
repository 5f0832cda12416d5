package io.pybitbot.cli;

import io.pybitbot.config.AppConfig;
import io.pybitbot.config.ConfigException;
import io.pybitbot.journal.Journal;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code journal init|show|reset}: the database where a testnet or live node journals its state (general.json
 * {@code $.system.data_dir}/journal/&lt;mode&gt;.mv.db, or {@code PYBIT_JOURNAL_URL}).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = {"Create, inspect or reset the journal of a testnet or live node.",
                "It lives in general.json $.system.data_dir/journal/<mode>.mv.db (H2), or in the database "
                        + "PYBIT_JOURNAL_URL names (environment or .env)."},
        subcommands = {JournalCommand.Init.class, JournalCommand.Show.class, JournalCommand.Reset.class})
public final class JournalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand (init, show or reset)");
    }

    /**
     * What every subcommand shares: load the configuration, open the journal it names (a bad configuration is
     * reported and exits 2), act on it, flush.
     */
    abstract static class JournalAction implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        ConfigOptions config = new ConfigOptions();

        /** Checks the arguments before anything is opened; throws {@link ExitCodes.UsageException}. */
        void checkArguments() {}

        abstract void act(Journal journal, PrintWriter out);

        @Override
        public final Integer call() {
            checkArguments();
            AppConfig cfg;
            try {
                cfg = config.load();
            } catch (ConfigException e) {
                config.reportProblems(e, spec.commandLine().getErr());
                return ExitCodes.USAGE;
            }
            PrintWriter out = spec.commandLine().getOut();
            act(Journal.open(cfg.journal()), out);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the journal's tables (a node also does this on its first start).")
    static final class Init extends JournalAction {
        @Override
        void act(Journal j, PrintWriter out) {
            out.println("journal ready: " + j.config().where());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "List what is journaled: events and the latest snapshot per actor.")
    static final class Show extends JournalAction {
        @Override
        void act(Journal j, PrintWriter out) {
            out.println("journal: " + j.config().where());
            List<Journal.Entry> entries = j.entries();
            if (entries.isEmpty()) {
                out.println("(empty)");
            }
            for (Journal.Entry e : entries) {
                out.printf("%-28s %6d events, last #%d at %s, snapshot %s%n", e.persistenceId(), e.events(),
                        e.lastSequence(), Instant.ofEpochMilli(e.lastWriteMs()),
                        e.snapshotAt() > 0 ? "at #" + e.snapshotAt() : "none");
            }
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Delete every journaled event and snapshot: the next start knows nothing of earlier runs",
                    "(peak equity, halts, cooldowns, which strategy owns which position). Stop the node first."})
    static final class Reset extends JournalAction {
        @CommandLine.Option(names = "--yes", description = "Confirm that the journal is to be emptied.")
        boolean yes;

        @Override
        void checkArguments() {
            if (!yes) {
                throw new ExitCodes.UsageException("journal reset deletes the node's memory of its trading; "
                        + "run again with --yes to confirm");
            }
        }

        @Override
        void act(Journal j, PrintWriter out) {
            j.reset();
            out.println("journal emptied: " + j.config().where());
        }
    }
}
