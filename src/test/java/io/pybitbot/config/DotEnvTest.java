package io.pybitbot.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DotEnvTest {

    private static DotEnv.Result parse(String... lines) {
        return DotEnv.parse(".env", List.of(lines));
    }

    @Test
    void plainValuesCommentsAndBlankLines() {
        var r = parse("# a comment", "", "   ", "A=1", "  B =  two words  ", "\t# indented comment");
        assertEquals(Map.of("A", "1", "B", "two words"), r.values());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void exportPrefixIsIgnored() {
        var r = parse("export A=x", "export\tB=y", "exported=z");
        assertEquals(Map.of("A", "x", "B", "y", "exported", "z"), r.values());
    }

    @Test
    void equalsSignsInValuesAreKept() {
        assertEquals("abc==def=", parse("K=abc==def=").values().get("K"));
    }

    @Test
    void singleQuotesAreLiteral() {
        var r = parse("K='  a \\n # not a comment \"x\"  '");
        assertEquals("  a \\n # not a comment \"x\"  ", r.values().get("K"));
    }

    @Test
    void doubleQuotesHonourEscapes() {
        var r = parse("K=\"line1\\nline2\\t\\\"q\\\" \\\\ \\$HOME\"");
        assertEquals("line1\nline2\t\"q\" \\ $HOME", r.values().get("K"));
    }

    @Test
    void commentAfterClosingQuoteIsAllowed() {
        assertEquals("v", parse("K=\"v\"   # trailing").values().get("K"));
    }

    @Test
    void unquotedHashStartsACommentOnlyAfterWhitespace() {
        var r = parse("A=abc#def", "B=abc #def");
        assertEquals("abc#def", r.values().get("A"));
        assertEquals("abc", r.values().get("B"));
    }

    @Test
    void emptyValuesAndLaterLinesWin() {
        var r = parse("A=", "B=\"\"", "C=1", "C=2");
        assertEquals(Map.of("A", "", "B", "", "C", "2"), r.values());
    }

    @Test
    void malformedLinesNameTheLineButNotTheContent() {
        var r = parse("OK=1", "just-some-secret-text", "1BAD=x", "Q=\"unterminated-secret", "R='x' trailing", "S=\"\\q\"");
        assertEquals(Map.of("OK", "1"), r.values());
        assertEquals(List.of("line 2", "line 3", "line 4", "line 5", "line 6"),
                r.problems().stream().map(ConfigProblem::where).toList());
        assertTrue(r.problems().stream().allMatch(p -> p.file().equals(".env")));
        assertTrue(r.problems().get(2).message().contains("unterminated double quote"));
        assertTrue(r.problems().get(3).message().contains("after the closing quote"));
        assertTrue(r.problems().get(4).message().contains("unknown escape"));
        String all = r.problems().toString();
        assertFalse(all.contains("just-some-secret-text"));
        assertFalse(all.contains("unterminated-secret"));
    }

    @Test
    void byteOrderMarkIsSkipped() {
        assertEquals("1", parse("\uFEFFA=1").values().get("A"));
    }

    @Test
    void missingFileDefinesNothing(@TempDir Path dir) {
        var r = DotEnv.read(dir.resolve(".env"));
        assertFalse(r.present());
        assertTrue(r.values().isEmpty());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void readsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("my.env");
        Files.writeString(f, "A=1\nbroken\n");
        var r = DotEnv.read(f);
        assertTrue(r.present());
        assertEquals(Map.of("A", "1"), r.values());
        assertEquals("my.env: line 2: expected KEY=VALUE, found no '='", r.problems().get(0).render());
    }

    @Test
    void resultToStringShowsKeysOnly() {
        var r = parse("BYBIT_API_SECRET=s3cr3t-value");
        assertFalse(r.toString().contains("s3cr3t-value"));
        assertTrue(r.toString().contains("BYBIT_API_SECRET"));
    }
}
