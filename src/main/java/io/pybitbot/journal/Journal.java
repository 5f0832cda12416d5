package io.pybitbot.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.pybitbot.config.JournalConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The journal database (events and snapshots of Pekko Persistence, through pekko-persistence-jdbc): checked
 * and given its tables before the actor system starts, so an unreachable, refused or corrupt database is one
 * clear error at start and never a silent fresh start. {@link #pekkoConfig()} points the persistence plugins
 * at it.
 */
public final class Journal {

    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final JournalConfig config;

    private Journal(JournalConfig config) {
        this.config = config;
    }

    /**
     * Connects, creates the tables if they are missing and reads them once.
     *
     * @throws JournalException naming the file or URL
     */
    public static Journal open(JournalConfig config) {
        Objects.requireNonNull(config, "config");
        Journal j = new Journal(config);
        try {
            config.h2File().ifPresent(f -> {
                try {
                    Files.createDirectories(f.getParent());
                } catch (IOException e) {
                    throw new JournalException("journal " + f + ": cannot create its directory " + f.getParent()
                            + " (" + e.getMessage() + ")", true);
                }
            });
            try (Connection c = j.connect(); Statement st = c.createStatement()) {
                for (String ddl : j.schema()) {
                    st.execute(ddl);
                }
                try (ResultSet rs = st.executeQuery(j.countSql())) {
                    rs.next();
                }
            }
        } catch (SQLException e) {
            throw j.failure(e);
        }
        return j;
    }

    public JournalConfig config() {
        return config;
    }

    /** The Pekko settings that make the journal and snapshot store this database. */
    public Config pekkoConfig() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("url", jdbcUrl());
        db.put("driver", config.kind() == JournalConfig.Kind.POSTGRES ? "org.postgresql.Driver" : "org.h2.Driver");
        config.user().ifPresent(u -> db.put("user", u));
        config.password().ifPresent(p -> db.put("password", p.reveal()));
        db.put("connectionPool", "HikariCP");
        // one node writes a few events a second: a small pool, not the plugin's 20 connections per store
        db.put("numThreads", 4);
        db.put("maxConnections", 4);
        db.put("minConnections", 1);
        db.put("queueSize", 10000);
        db.put("connectionTimeout", 10000);
        Map<String, Object> shared = new HashMap<>();
        shared.put("profile", config.kind() == JournalConfig.Kind.POSTGRES ? "slick.jdbc.PostgresProfile$"
                : "slick.jdbc.H2Profile$");
        shared.put("db", db);
        Map<String, Object> root = new HashMap<>();
        root.put("pekko-persistence-jdbc.shared-databases.pybit", shared);
        root.put("jdbc-journal.use-shared-db", "pybit");
        root.put("jdbc-snapshot-store.use-shared-db", "pybit");
        root.put("jdbc-read-journal.use-shared-db", "pybit");
        root.put("pekko.persistence.journal.plugin", "jdbc-journal");
        root.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
        return ConfigFactory.parseMap(root, "journal at " + config.where());
    }

    /** Events and the latest snapshot per persistence id, for {@code journal show}. */
    public List<Entry> entries() {
        String q = config.kind() == JournalConfig.Kind.POSTGRES
                ? "SELECT persistence_id, COUNT(*), MAX(sequence_number), MAX(write_timestamp) FROM event_journal "
                + "GROUP BY persistence_id ORDER BY persistence_id"
                : "SELECT \"persistence_id\", COUNT(*), MAX(\"sequence_number\"), MAX(\"write_timestamp\") FROM "
                + "PUBLIC.\"event_journal\" GROUP BY \"persistence_id\" ORDER BY \"persistence_id\"";
        String s = config.kind() == JournalConfig.Kind.POSTGRES
                ? "SELECT persistence_id, MAX(sequence_number) FROM snapshot GROUP BY persistence_id"
                : "SELECT \"persistence_id\", MAX(\"sequence_number\") FROM PUBLIC.\"snapshot\" GROUP BY \"persistence_id\"";
        try (Connection c = connect(); Statement st = c.createStatement()) {
            Map<String, Long> snapshots = new HashMap<>();
            try (ResultSet rs = st.executeQuery(s)) {
                while (rs.next()) {
                    snapshots.put(rs.getString(1), rs.getLong(2));
                }
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(q)) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    out.add(new Entry(id, rs.getLong(2), rs.getLong(3), rs.getLong(4), snapshots.getOrDefault(id, 0L)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * @param events       events stored
     * @param lastSequence the highest sequence number
     * @param lastWriteMs  wall time of the last write
     * @param snapshotAt   sequence number of the latest snapshot (0: none)
     */
    public record Entry(String persistenceId, long events, long lastSequence, long lastWriteMs, long snapshotAt) {
    }

    /** Deletes every event and snapshot (for {@code journal reset}); the tables stay. */
    public void reset() {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            if (config.kind() == JournalConfig.Kind.POSTGRES) {
                st.execute("DELETE FROM event_tag");
                st.execute("DELETE FROM event_journal");
                st.execute("DELETE FROM snapshot");
            } else {
                st.execute("DELETE FROM PUBLIC.\"event_tag\"");
                st.execute("DELETE FROM PUBLIC.\"event_journal\"");
                st.execute("DELETE FROM PUBLIC.\"snapshot\"");
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * The configured URL; an H2 file is opened with {@code WRITE_DELAY=0}: H2 otherwise keeps commits of the last
     * half second in memory, and a killed process (SIGKILL, a crash) loses them, the order it had just sent among
     * them (the crash test found that). Each commit now reaches the file before Pekko calls the event persisted.
     * And with {@code MAX_LENGTH_INPLACE_LOB=4096}: the journal's payload columns are BLOBs, and H2 keeps any BLOB
     * over 256 bytes (an order's event is about that) in a LOB store of its own, which made a small commit several
     * times dearer on the order path ({@code ExecutionPathBench}); snapshots stay there. A setting already in the
     * URL is left as it is.
     */
    String jdbcUrl() {
        String url = config.url();
        if (!url.startsWith("jdbc:h2:file:")) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (!upper.contains(";WRITE_DELAY=")) {
            url += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";MAX_LENGTH_INPLACE_LOB=")) {
            url += ";MAX_LENGTH_INPLACE_LOB=4096";
        }
        return url;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        config.user().ifPresent(u -> p.setProperty("user", u));
        config.password().ifPresent(pw -> p.setProperty("password", pw.reveal()));
        if (config.kind() == JournalConfig.Kind.POSTGRES) {
            p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        }
        return DriverManager.getConnection(jdbcUrl(), p);
    }

    private String countSql() {
        return config.kind() == JournalConfig.Kind.POSTGRES ? "SELECT COUNT(*) FROM event_journal"
                : "SELECT COUNT(*) FROM PUBLIC.\"event_journal\"";
    }

    private List<String> schema() {
        String file = config.kind() == JournalConfig.Kind.POSTGRES ? "journal/postgres-schema.sql" : "journal/h2-schema.sql";
        try (InputStream in = Journal.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the jar");
            }
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.trim().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            List<String> out = new ArrayList<>();
            for (String stmt : sql.toString().split(";")) {
                if (!stmt.isBlank()) {
                    out.add(stmt.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** One line naming the database and what is wrong with it; SQL states tell the common cases apart. */
    private JournalException failure(SQLException e) {
        String where = "journal " + config.where();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String first = firstLine(e.getMessage());
        if (config.kind() == JournalConfig.Kind.H2) {
            int code = e.getErrorCode();
            if (code == 28000) { // WRONG_USER_OR_PASSWORD
                return new JournalException(where + ": wrong login (check " + JournalConfig.USER + " and "
                        + JournalConfig.PASSWORD + "; the file keeps the login it was created with)", true);
            }
            if (code == 90020) { // DATABASE_ALREADY_OPEN
                return new JournalException(where + " is in use by another process (stop the other node first)", false);
            }
            if (code == 90030 || code == 90048 || code == 90067 || first.contains("corrupt")) {
                return new JournalException(where + " is corrupt or not an H2 database (" + first
                        + "); restore it from a backup or move it away to start with an empty journal", false);
            }
            return new JournalException(where + ": " + first, false);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new JournalException(where + ": the server refused the login (check " + JournalConfig.USER + " and "
                    + JournalConfig.PASSWORD + ")", true);
        }
        if (state.equals("3D000")) {
            return new JournalException(where + ": the database does not exist (create it, e.g. createdb)", true);
        }
        if (state.startsWith("08")) {
            return new JournalException(where + " is unreachable (" + first + ")", false);
        }
        return new JournalException(where + ": " + first + (state.isEmpty() ? "" : " (SQL state " + state + ")"), false);
    }

    private static String firstLine(String msg) {
        if (msg == null) {
            return "unknown error";
        }
        int nl = msg.indexOf('\n');
        String line = nl < 0 ? msg : msg.substring(0, nl);
        // H2 appends "[90030-232]" style codes: keep them, they are searchable
        return line.trim();
    }
}
