package io.pybitbot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pybitbot.Main;
import io.pybitbot.data.CandleCsv;
import io.pybitbot.data.CandleSeries;
import io.pybitbot.data.SyntheticData;
import io.pybitbot.domain.Candle;
import io.pybitbot.domain.Interval;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download command against a local kline server: fresh, resumed, overlapping, gappy and failing runs. */
class DownloadCommandTest {

    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final long STEP = Interval.M5.millis();
    /** 2024-01-01T00:00Z */
    private static final long T0 = 1_704_067_200_000L;

    private KlineTestServer server;
    @TempDir
    Path dir;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void startServer() throws Exception {
        server = new KlineTestServer(testKit.system());
    }

    @org.junit.jupiter.api.AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    record Run(int exit, String out, String err, String bar) {}

    /** {@code closed} closed candles from T0, plus the one still forming at the clock's time. */
    private static CandleSeries series(String symbol, int closed) {
        return SyntheticData.generate(symbol, Interval.M5, 7, T0, closed + 1, symbol.startsWith("BTC") ? 42_000 : 2_300);
    }

    /** The clock sits 2 minutes into the candle after {@code closed} closed ones. */
    private static InstantSource clockAfter(int closed) {
        return InstantSource.fixed(Instant.ofEpochMilli(T0 + closed * STEP + 120_000));
    }

    private Run run(InstantSource clock, String... args) {
        return run(clock, Map.of(), args);
    }

    private Run run(InstantSource clock, Map<String, String> environment, String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        DownloadCommand cmd = cl.getSubcommands().get("download").getCommand();
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        cmd.clock(clock);
        cmd.environment(environment);
        cmd.progressStream(new PrintStream(bar, true, StandardCharsets.UTF_8));
        cmd.actorSystem(testKit.system());
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString(), bar.toString(StandardCharsets.UTF_8));
    }

    private Run download(InstantSource clock, String symbols, String from, String to) {
        List<String> args = new ArrayList<>(List.of("download", "--symbols", symbols, "--interval", "5",
                "--from", from, "--out", dir.toString(), "--base-url", server.baseUrl(),
                "--env-file", dir.resolve("none.env").toString()));
        if (to != null) {
            args.addAll(List.of("--to", to));
        }
        return run(clock, args.toArray(String[]::new));
    }

    private List<Candle> file(String symbol) {
        return CandleCsv.read(dir.resolve(symbol + "_5.csv")).candles();
    }

    private void keepLines(String symbol, java.util.function.IntPredicate keepCandleIndex) throws Exception {
        Path f = dir.resolve(symbol + "_5.csv");
        List<String> lines = Files.readAllLines(f);
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            if (keepCandleIndex.test(i - 1)) {
                kept.add(lines.get(i));
            }
        }
        Files.write(f, kept);
    }

    @Test
    void freshDownloadEqualsTheSeriesAcrossPagesWithoutTheOpenCandle() {
        CandleSeries s = series("BTCUSDT", 2500);
        server.serve("BTCUSDT", s.candles());
        Run r = download(clockAfter(2500), "BTCUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 2500), file("BTCUSDT"));
        List<KlineTestServer.Seen> seen = server.seen();
        assertEquals(3, seen.size(), seen.toString());
        assertTrue(seen.stream().allMatch(x -> x.limit() <= 1000 && x.end() != null && "5".equals(x.interval())), seen.toString());
        // backwards: each page ends just before the oldest candle of the previous one
        assertEquals(T0 + 2500 * STEP - 1, seen.get(0).end());
        assertEquals(T0 + 1500 * STEP - 1, seen.get(1).end());
        assertEquals(T0 + 500 * STEP - 1, seen.get(2).end());
        assertTrue(r.out().contains("BTCUSDT 5: fetched 2500, already present 0, total 2500, 2024-01-01T00:00:00Z"), r.out());
        assertTrue(r.out().contains(dir.resolve("BTCUSDT_5.csv").toString()), r.out());
        assertTrue(r.bar().contains("download [") && r.bar().contains("100%"), r.bar());
    }

    @Test
    void toIsExclusiveAndTwoSymbolsGetTwoFiles() {
        CandleSeries btc = series("BTCUSDT", 600);
        CandleSeries eth = series("ETHUSDT", 600);
        server.serve("BTCUSDT", btc.candles());
        server.serve("ETHUSDT", eth.candles());
        Run r = download(clockAfter(600), "BTCUSDT,ETHUSDT", "2024-01-01T01:00", "2024-01-02");

        assertEquals(0, r.exit(), r.err());
        // 01:00 is candle 12; 2024-01-02 is candle 288 and is excluded
        assertEquals(btc.candles().subList(12, 288), file("BTCUSDT"));
        assertEquals(eth.candles().subList(12, 288), file("ETHUSDT"));
    }

    @Test
    void resumeFetchesOnlyTheDeletedMiddleAndEnd() throws Exception {
        CandleSeries s = series("BTCUSDT", 3000);
        server.serve("BTCUSDT", s.candles());
        assertEquals(0, download(clockAfter(3000), "BTCUSDT", "2024-01-01", null).exit());
        keepLines("BTCUSDT", i -> !(i >= 1000 && i < 1300) && i < 2800);
        server.clearSeen();

        Run r = download(clockAfter(3000), "BTCUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 3000), file("BTCUSDT"));
        assertEquals(2, server.seen().size(), server.seen().toString());
        assertEquals(500, server.seen().stream().mapToInt(KlineTestServer.Seen::returned).sum());
        assertTrue(r.out().contains("fetched 500, already present 2500, total 3000"), r.out());

        server.clearSeen();
        Run again = download(clockAfter(3000), "BTCUSDT", "2024-01-01", null);
        assertEquals(0, again.exit(), again.err());
        assertEquals(0, server.seen().size(), "a complete file needs no request");
        assertTrue(again.out().contains("fetched 0, already present 3000, total 3000"), again.out());
    }

    @Test
    void resumeExtendsBeforeTheFirstAndAfterTheLastCandle() {
        CandleSeries s = series("ETHUSDT", 1500);
        server.serve("ETHUSDT", s.candles());
        // first run: the middle of the day only
        assertEquals(0, download(clockAfter(1500), "ETHUSDT", "2024-01-02", "2024-01-03").exit());
        assertEquals(s.candles().subList(288, 576), file("ETHUSDT"));
        server.clearSeen();

        Run r = download(clockAfter(1500), "ETHUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 1500), file("ETHUSDT"));
        assertEquals(1500 - 288, server.seen().stream().mapToInt(KlineTestServer.Seen::returned).sum());
        assertTrue(r.out().contains("fetched 1212, already present 288, total 1500"), r.out());
    }

    @Test
    void overlappingPagesAreDeduplicatedAndTheOpenCandleNeverWritten() {
        CandleSeries s = series("BTCUSDT", 2200);
        server.serve("BTCUSDT", s.candles());
        // every page also carries 3 candles newer than asked for, the last page the still-open one
        server.overlap(3);
        Run r = download(clockAfter(2200), "BTCUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        List<Candle> got = file("BTCUSDT");
        assertEquals(s.candles().subList(0, 2200), got);
        assertFalse(got.stream().anyMatch(c -> c.startMs() == s.get(2200).startMs()), "the forming candle was written");
        assertTrue(r.out().contains("fetched 2200, already present 0, total 2200"), r.out());
    }

    @Test
    void aListingAfterFromIsReportedAndTheFileStartsAtTheFirstCandle() {
        CandleSeries s = series("NEWUSDT", 900);
        List<Candle> listed = s.candles().subList(288 * 2, s.size()); // listed on 2024-01-03
        server.serve("NEWUSDT", listed);
        Run r = download(clockAfter(900), "NEWUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(listed.subList(0, listed.size() - 1), file("NEWUSDT"));
        assertTrue(r.out().contains("NEWUSDT: the exchange has no candles before 2024-01-03T00:00:00Z"), r.out());
        assertEquals(1, server.seen().size(), "one page holds all; the empty remainder is not retried: " + server.seen());

        server.clearSeen();
        Run again = download(clockAfter(900), "NEWUSDT", "2024-01-01", null);
        assertEquals(0, again.exit(), again.err());
        assertEquals(1, server.seen().size(), "a resume asks once for the part before the listing");
        assertTrue(again.out().contains("fetched 0, already present 324, total 324"), again.out());
        assertTrue(again.out().contains("no candles before 2024-01-03T00:00:00Z"), again.out());
    }

    @Test
    void anInteriorExchangeGapIsReportedAndTheFileKeepsTheNewestGapFreeRun() {
        CandleSeries s = series("BTCUSDT", 700);
        List<Candle> withHole = new ArrayList<>(s.candles().subList(0, 300));
        withHole.addAll(s.candles().subList(310, s.size()));
        server.serve("BTCUSDT", withHole);
        Run r = download(clockAfter(700), "BTCUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(310, 700), file("BTCUSDT"));
        String holeFrom = Instant.ofEpochMilli(T0 + 300 * STEP).toString();
        String holeTo = Instant.ofEpochMilli(T0 + 310 * STEP).toString();
        assertTrue(r.out().contains("no candles from " + holeFrom + " to " + holeTo + " (10 missing)"), r.out());
        assertTrue(r.out().contains("dropped 300 older ones"), r.out());
    }

    @Test
    void anUnknownSymbolFailsWithBybitsMessageWhileTheOthersDownload() {
        server.serve("BTCUSDT", series("BTCUSDT", 100).candles());
        Run r = download(clockAfter(100), "BTCUSDX,BTCUSDT", "2024-01-01", null);

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("error: BTCUSDX: Bybit rejected (10001): params error: Symbol Is Invalid"), r.err());
        assertEquals(100, file("BTCUSDT").size());
        assertFalse(Files.exists(dir.resolve("BTCUSDX_5.csv")));
    }

    @Test
    void aNetworkFailureIsRetriedThenReportedNamingTheSymbol() {
        server.serve("BTCUSDT", series("BTCUSDT", 100).candles());
        Run r = download(clockAfter(100), KlineTestServer.BROKEN + ",BTCUSDT", "2024-01-01", null);

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("error: " + KlineTestServer.BROKEN + ": ") && r.err().contains("502"), r.err());
        // the adapter retries transient failures (3 attempts) before giving up
        assertEquals(3, server.seen().stream().filter(x -> x.symbol().equals(KlineTestServer.BROKEN)).count());
        assertEquals(100, file("BTCUSDT").size());
    }

    @Test
    void anUnreachableExchangeIsNamedWithItsCauseBeforeAnythingIsFetchedAndNeverShows100Percent() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        Run r = run(clockAfter(100), "download", "--symbols", "BTCUSDT,ETHUSDT", "--interval", "5", "--from",
                "2024-01-01", "--out", dir.toString(), "--base-url", "http://127.0.0.1:" + closed,
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.RUNTIME_FAILURE, r.exit(), r.err());
        // the host is tried once before the REST client's retries and timeouts, so the cause is the first one
        assertTrue(r.err().contains("error: cannot reach the exchange at http://127.0.0.1:" + closed
                + ": connection refused by 127.0.0.1:" + closed + "; nothing fetched (check the network, or"
                + " BYBIT_BASE_URL, --base-url)"), r.err() + "\nOUT " + r.out() + "\nBAR " + r.bar());
        assertFalse(r.err().contains("Exception"), "the transport's exception chain: " + r.err());
        assertFalse(r.bar().contains("100%"), "a progress bar at 100 % for nothing: " + r.bar());
        assertFalse(r.bar().contains("\r"), "carriage returns written into a non-terminal: " + r.bar());
    }

    @Test
    void anOutDirectoryThatCannotBeCreatedStopsTheDownloadBeforeItStarts() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "");
        Run r = run(clockAfter(100), "download", "--symbols", "BTCUSDT", "--interval", "5", "--from", "2024-01-01",
                "--out", file.resolve("data").toString(), "--base-url", server.baseUrl(),
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().strip().startsWith("error: --out " + file.resolve("data") + ": cannot create the directory"),
                r.err());
        assertTrue(server.seen().isEmpty(), "fetched into nowhere: " + server.seen());
    }

    @Test
    void fundingIsFetchedPageByPageIntoItsFileAndASecondRunMergesWithoutRepeats() throws Exception {
        server.serve("BTCUSDT", series("BTCUSDT", 100).candles());
        // settlements every 8 hours from 160 days before T0
        List<String[]> settlements = new ArrayList<>();
        long eight = 8 * 3_600_000L;
        for (int i = 0; i < 500; i++) {
            settlements.add(new String[] {Long.toString(T0 - 160 * 86_400_000L + i * eight),
                    i % 2 == 0 ? "0.0001" : "-0.00005"});
        }
        server.serveFunding("BTCUSDT", settlements);
        long from = T0 - 150 * 86_400_000L; // 452 settlements to the clock: three pages of Bybit's 200
        Run r = run(clockAfter(100), "download", "--symbols", "BTCUSDT", "--interval", "5", "--from",
                Long.toString(T0), "--out", dir.toString(), "--base-url", server.baseUrl(), "--funding",
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(0, r.exit(), r.err());
        // the candle range decides the funding range: from T0 to the clock
        io.pybitbot.data.FundingRates file = io.pybitbot.data.FundingRates.read(dir.resolve("BTCUSDT_funding.csv"));
        long expected = settlements.stream().mapToLong(f -> Long.parseLong(f[0]))
                .filter(t -> t >= T0 && t < T0 + 100 * STEP).count();
        assertEquals(expected, file.size(), r.out());
        assertTrue(r.out().contains("BTCUSDT funding: fetched " + expected + " settlement(s), total " + expected),
                r.out());

        // a wider range later: three pages, merged with what the file holds, nothing twice
        int before = server.fundingRequests();
        Run wide = run(clockAfter(100), "download", "--symbols", "BTCUSDT", "--interval", "5", "--from",
                Long.toString(from), "--out", dir.toString(), "--base-url", server.baseUrl(), "--funding",
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(0, wide.exit(), wide.err());
        io.pybitbot.data.FundingRates merged = io.pybitbot.data.FundingRates.read(dir.resolve("BTCUSDT_funding.csv"));
        long inWide = settlements.stream().mapToLong(f -> Long.parseLong(f[0]))
                .filter(t -> t >= from && t < T0 + 100 * STEP).count();
        assertEquals(inWide, merged.size());
        assertTrue(inWide > 400, "enough to need several pages: " + inWide);
        assertEquals(3, server.fundingRequests() - before, "pages of 200, back from the end");
        for (int i = 1; i < merged.size(); i++) {
            assertTrue(merged.timeMs(i) > merged.timeMs(i - 1), "ascending, no repeats");
        }
    }

    @Test
    void aGarbledFundingRowIsDroppedAndCountedNotWritten() throws Exception {
        server.serve("BTCUSDT", series("BTCUSDT", 100).candles());
        server.serveFunding("BTCUSDT", List.of(new String[] {Long.toString(T0 + 8 * 3_600_000L), "0.0001"},
                new String[] {"soon", "0.0001"}, new String[] {Long.toString(T0 + 16 * 3_600_000L), "12"}));
        Run r = run(clockAfter(100), "download", "--symbols", "BTCUSDT", "--interval", "5", "--from",
                Long.toString(T0), "--out", dir.toString(), "--base-url", server.baseUrl(), "--funding",
                "--env-file", dir.resolve("none.env").toString());
        assertEquals(0, r.exit(), r.err());
        io.pybitbot.data.FundingRates file = io.pybitbot.data.FundingRates.read(dir.resolve("BTCUSDT_funding.csv"));
        assertEquals(1, file.size(), "only the valid row");
        assertEquals(0, new java.math.BigDecimal("0.0001").compareTo(file.rate(0)));
    }

    @Test
    void aRateLimitAnswerIsWaitedOutAndTheDownloadCompletes() {
        CandleSeries s = series("BTCUSDT", 1200);
        server.serve("BTCUSDT", s.candles());
        // the limiter follows the clock, so this run needs one that moves
        java.time.Clock clock = java.time.Clock.offset(java.time.Clock.systemUTC(),
                java.time.Duration.between(java.time.Clock.systemUTC().instant(), clockAfter(1200).instant()));
        server.rateLimitNext(1, () -> clock.millis() + 300);
        Run r = download(clock, "BTCUSDT", "2024-01-01", null);

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 1200), file("BTCUSDT"));
        // the refused page was asked again with the same end
        List<KlineTestServer.Seen> seen = server.seen();
        assertEquals(3, seen.size(), seen.toString());
        assertEquals(seen.get(0).end(), seen.get(1).end());
    }

    private Run downloadWithEnv(Map<String, String> environment, String dotEnv) throws Exception {
        Path envFile = dir.resolve("test.env");
        Files.writeString(envFile, dotEnv);
        return run(clockAfter(600), environment, "download", "--symbols", "BTCUSDT", "--interval", "5",
                "--from", "2024-01-01", "--out", dir.toString(), "--env-file", envFile.toString());
    }

    @Test
    void aBaseUrlOnlyInDotEnvIsWhereTheDownloadGoes() throws Exception {
        CandleSeries s = series("BTCUSDT", 600);
        server.serve("BTCUSDT", s.candles());

        Run r = downloadWithEnv(Map.of(), "# local stand-in\nBYBIT_BASE_URL=" + server.baseUrl() + "\n");

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 600), file("BTCUSDT"));
        assertFalse(server.seen().isEmpty());
        assertTrue(r.err().contains("via " + server.baseUrl() + " (custom URL)"), r.err());
    }

    @Test
    void theEnvironmentsBaseUrlWinsOverDotEnvs() throws Exception {
        CandleSeries s = series("BTCUSDT", 600);
        server.serve("BTCUSDT", s.candles());

        // .env names a port nothing listens on; the environment names the server
        Run r = downloadWithEnv(Map.of("BYBIT_BASE_URL", server.baseUrl()), "BYBIT_BASE_URL=http://127.0.0.1:9\n");

        assertEquals(0, r.exit(), r.err());
        assertEquals(s.candles().subList(0, 600), file("BTCUSDT"));
        assertTrue(r.err().contains("via " + server.baseUrl() + " (custom URL)"), r.err());
    }

    @Test
    void aBadBaseUrlInDotEnvIsAConfigurationErrorNamingTheLine() throws Exception {
        Run r = downloadWithEnv(Map.of(), "BYBIT_TESTNET=true\nBYBIT_BASE_URL=ftp://127.0.0.1:8090\nBYBIT_DEMO=perhaps\n");

        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("test.env: line 2: BYBIT_BASE_URL: found \"ftp://127.0.0.1:8090\", expected an http(s)://"),
                r.err());
        assertTrue(r.err().contains("test.env: line 3: BYBIT_DEMO: found \"perhaps\", expected true or false"), r.err());
        assertTrue(server.seen().isEmpty(), "a broken .env must not reach the exchange");
    }

    @Test
    void badArgumentsExitTwoWithAClearMessage() {
        String[][] cases = {
                {"--interval", "7", "unknown interval '7'"},
                {"--interval", "W", "--interval W is not supported"},
                {"--from", "2024-13-01", "--from: cannot read '2024-13-01'"},
                {"--to", "2023-12-01", "must be at least one closed 5 candle before --to 2023-12-01"},
                {"--symbols", "btc-usdt", "--symbols: 'btc-usdt' is not a Bybit symbol"},
                {"--base-url", "ftp://x", "--base-url: Bybit base URL 'ftp://x' must look like http(s)://"},
                {"--testnet", "", "--base-url and --testnet exclude each other"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("download", "--symbols", "BTCUSDT", "--interval", "5",
                    "--from", "2024-01-01", "--out", dir.toString(), "--base-url", server.baseUrl()));
            int at = args.indexOf(c[0]);
            if (at >= 0) {
                args.set(at + 1, c[1]);
            } else {
                args.add(c[0]);
                if (!c[1].isEmpty()) {
                    args.add(c[1]);
                }
            }
            Run r = run(clockAfter(100), args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", args) + "\n" + r.err());
            assertTrue(r.err().contains(c[2]), c[2] + " not in: " + r.err());
        }
        Run missing = run(clockAfter(100), "download", "--symbols", "BTCUSDT", "--interval", "5");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--from"), missing.err());
        assertTrue(server.seen().isEmpty(), "bad arguments must not reach the exchange");
    }

    @Test
    void aFileThatIsNotACandleFileIsNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("BTCUSDT_5.csv"), "my notes\n");
        server.serve("BTCUSDT", series("BTCUSDT", 100).candles());
        Run r = download(clockAfter(100), "BTCUSDT", "2024-01-01", null);

        assertEquals(2, r.exit());
        assertTrue(r.err().contains("refusing to overwrite"), r.err());
        assertEquals("my notes\n", Files.readString(dir.resolve("BTCUSDT_5.csv")));
    }

    @Test
    void theDownloadedFilesFeedTheBacktest() throws Exception {
        server.serve("BTCUSDT", series("BTCUSDT", 1500).candles());
        server.serve("ETHUSDT", series("ETHUSDT", 1500).candles());
        assertEquals(0, download(clockAfter(1500), "BTCUSDT,ETHUSDT", "2024-01-01", null).exit());

        Path report = dir.resolve("report");
        Run r = run(clockAfter(1500), "backtest", "--data", dir.toString(), "--symbols", "BTCUSDT,ETHUSDT",
                "--quiet", "--out", report.toString(), "--env-file", dir.resolve("none.env").toString());

        assertEquals(0, r.exit(), r.err());
        String summary = Files.readString(report.resolve("summary.json"));
        assertTrue(summary.contains("1500 candles"), summary.substring(0, Math.min(600, summary.length())));
    }
}
