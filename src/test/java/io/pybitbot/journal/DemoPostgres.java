package io.pybitbot.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away PostgreSQL for {@code scripts/cluster-demo.sh} (the same embedded server the tests use): starts on
 * the port given (default 54329) in a fresh temporary directory, creates database {@code pybit}, prints
 * {@code POSTGRES jdbc:postgresql://127.0.0.1:PORT/pybit} and runs until it is killed or stdin closes.
 */
public final class DemoPostgres {

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 54329;
        Path dir = Files.createTempDirectory("pybit-demo-pg");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir)
                .setCleanDataDirectory(true).start()) {
            try (var c = pg.getPostgresDatabase().getConnection(); var st = c.createStatement()) {
                st.execute("CREATE DATABASE pybit");
            }
            System.out.println("POSTGRES jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/pybit");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the script closes our stdin (or kills us)
            }
        }
    }
}
