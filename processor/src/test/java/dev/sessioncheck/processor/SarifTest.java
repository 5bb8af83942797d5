package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sessioncheck.processor.report.Json;
import dev.sessioncheck.processor.testing.CheckerHarness;
import dev.sessioncheck.processor.testing.CheckerHarness.Diag;
import dev.sessioncheck.processor.testing.CheckerHarness.Result;
import dev.sessioncheck.processor.testing.CheckerHarness.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 7 item 5: {@code -Asessioncheck.sarif=<path>} (plugin: {@code sarif=<path>}) writes one
 * SARIF 2.1.0 log per compilation. Every log a test produces is validated against the official
 * schema ({@code src/test/resources/sarif/}, provenance in the README beside it) with format
 * assertions on, and its content is compared with what javac printed.
 */
class SarifTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchema SCHEMA = schema();

  private static JsonSchema schema() {
    try (InputStream in = SarifTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // One finding of each rule, a suppressed one, and an ending call with its note.
  private static final String KNOWN =
      """
      import api.*;
      import dev.sessioncheck.annotations.MustCheck;
      class Logout {
        @MustCheck void flush() {} // expect: bad-annotation
        void run(Session session, Callback cb) {
          session.save(); // expect: unchecked-result
          session.save(err -> {}); // expect: unchecked-error
          session.save(null); // expect: null-callback
          session.destroy(cb);
          Object user = session.get("user"); // expect: use-after-terminal
        }
        @SuppressWarnings("sessioncheck:unchecked-result")
        void legacy(Session session) {
          session.save();
        }
      }
      """;

  @TempDir Path tmp;

  /** Compiles through {@code door} with plugin-style options {@code k=v}. */
  private static Result compile(String door, List<String> sources, String... options) {
    CheckerHarness.Builder b = CheckerHarness.sources(sources);
    if (door.equals("plugin")) {
      b.viaPlugin(options);
    } else {
      b.viaProcessor();
      for (String o : options) {
        b.options("-Asessioncheck." + o);
      }
    }
    return b.expectFromMarkers();
  }

  private static Result compile(String door, String source, String... options) {
    return compile(door, List.of(source), options);
  }

  /** Reads {@code file} as strict UTF-8 JSON and fails unless the official schema accepts it. */
  static JsonNode validLog(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      JsonNode log = MAPPER.readTree(text);
      Set<ValidationMessage> errors = SCHEMA.validate(log);
      assertEquals(Set.of(), errors, "not valid SARIF 2.1.0:\n" + text);
      return log;
    } catch (CharacterCodingException e) {
      throw new AssertionError(file + " is not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode run(JsonNode log) {
    assertEquals(1, log.get("runs").size(), log.toPrettyString());
    return log.get("runs").get(0);
  }

  private static List<JsonNode> results(JsonNode log) {
    List<JsonNode> out = new ArrayList<>();
    run(log).get("results").forEach(out::add);
    return out;
  }

  private static List<String> ruleIds(JsonNode log) {
    List<String> out = new ArrayList<>();
    run(log).get("tool").get("driver").get("rules").forEach(r -> out.add(r.get("id").asText()));
    return out;
  }

  /** {@code rule level line:col-line:col [suppressed]} for the primary location of a result. */
  private static String summary(JsonNode result) {
    JsonNode region = result.get("locations").get(0).get("physicalLocation").get("region");
    return result.get("ruleId").asText() + " " + result.get("level").asText() + " " + range(region)
        + (result.has("suppressions") ? " suppressed" : "");
  }

  private static String range(JsonNode region) {
    return region.get("startLine").asLong() + ":" + region.get("startColumn").asLong() + "-"
        + region.get("endLine").asLong() + ":" + region.get("endColumn").asLong();
  }

  /** 1-based column of {@code token} on 1-based {@code line} of {@code source}. */
  private static long col(String source, int line, String token) {
    String text = source.split("\n", -1)[line - 1];
    int at = text.indexOf(token);
    assertTrue(at >= 0, "'" + token + "' not on line " + line + ": " + text);
    return at + 1;
  }

  /** {@code line:col-line:col} of {@code token} on {@code line} (a one-line range). */
  private static String span(String source, int line, String token) {
    long c = col(source, line, token);
    return line + ":" + c + "-" + line + ":" + (c + token.length());
  }

  @Test
  void knownProgramGivesTheExpectedLog() {
    Path out = tmp.resolve("known.sarif");
    Result logout = compile("processor", KNOWN, "sarif=" + out);
    JsonNode log = validLog(out);

    assertEquals("2.1.0", log.get("version").asText());
    assertEquals(
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        log.get("$schema").asText());
    JsonNode driver = run(log).get("tool").get("driver");
    assertEquals("sessioncheck", driver.get("name").asText());
    assertEquals(
        List.of("unchecked-result", "unchecked-error", "null-callback", "use-after-terminal", "bad-annotation", "internal-error"),
        ruleIds(log));
    JsonNode useAfter = driver.get("rules").get(3);
    assertEquals("a value used after a @TerminalOp call ended it", useAfter.get("shortDescription").get("text").asText());
    assertTrue(useAfter.get("help").get("text").asText().contains("docs/rules/use-after-terminal.md"), useAfter.toString());
    assertTrue(useAfter.get("help").get("markdown").asText().contains("(docs/rules/use-after-terminal.md)"), useAfter.toString());
    assertEquals("error", useAfter.get("defaultConfiguration").get("level").asText());
    assertEquals("warning", driver.get("rules").get(5).get("defaultConfiguration").get("level").asText());
    assertEquals("utf16CodeUnits", run(log).get("columnKind").asText());
    assertEquals("annotation processor", run(log).get("invocations").get(0).get("properties").get("entryPoint").asText());

    // In the order javac printed them; the suppressed one in its place, though not printed.
    assertEquals(
        List.of(
            "bad-annotation error " + 4 + ":" + col(KNOWN, 4, "@MustCheck") + "-4:" + (col(KNOWN, 4, "{}") + 2),
            "unchecked-result error " + span(KNOWN, 6, "session.save()"),
            "unchecked-error error " + span(KNOWN, 7, "err -> {}"),
            "null-callback error " + span(KNOWN, 8, "null"),
            "use-after-terminal error " + span(KNOWN, 10, "session"),
            "unchecked-result error " + span(KNOWN, 14, "session.save()") + " suppressed"),
        results(log).stream().map(SarifTest::summary).collect(Collectors.toList()));

    for (JsonNode r : results(log)) {
      assertEquals(r.get("ruleId").asText(), ruleIds(log).get(r.get("ruleIndex").asInt()), r.toString());
      // An in-memory source's own URI is relative; javac's file objects say what it is.
      String uri = r.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText();
      assertEquals(logout.units().get(0).file().toUri().toString(), uri);
    }
    JsonNode use = results(log).get(4);
    assertEquals(
        "'session' is used after session.destroy() ended it on line 9\n"
            + "Use the value before the ending call, or obtain a new one (only ==, instanceof, toString and the allowAfter methods stay legal).",
        use.get("message").get("text").asText());
    assertEquals(1, use.get("relatedLocations").size(), use.toString());
    JsonNode related = use.get("relatedLocations").get(0);
    assertEquals(1, related.get("id").asInt());
    assertEquals("'session' was ended here by destroy()", related.get("message").get("text").asText());
    assertEquals(span(KNOWN, 9, "session.destroy(cb)"), range(related.get("physicalLocation").get("region")));
    JsonNode suppressed = results(log).get(5);
    assertEquals("[{\"kind\":\"inSource\"}]", suppressed.get("suppressions").toString());
    for (int i = 0; i < 5; i++) {
      assertFalse(results(log).get(i).has("suppressions"), results(log).get(i).toString());
    }
  }

  /** Each result's region is the range javac gives the diagnostic it printed, notes included. */
  @ParameterizedTest
  @ValueSource(strings = {"processor", "plugin"})
  void regionsAreJavacsOwnRanges(String door) {
    Path out = tmp.resolve("ranges.sarif");
    Result r = compile(door, List.of(KNOWN, MULTI_SAVE, MULTI_JOBS), "sarif=" + out);
    List<JsonNode> printed = results(validLog(out)).stream().filter(n -> !n.has("suppressions")).collect(Collectors.toList());
    List<Diag> findings = r.sessioncheck();
    assertEquals(findings.size(), printed.size(), r.toString());
    for (int i = 0; i < findings.size(); i++) {
      Diag d = findings.get(i);
      JsonNode res = printed.get(i);
      assertEquals(d.ruleId(), res.get("ruleId").asText(), d.toString());
      assertEquals(d.kind() == Diagnostic.Kind.ERROR ? "error" : "warning", res.get("level").asText());
      assertEquals(javacRange(r, d), range(res.get("locations").get(0).get("physicalLocation").get("region")), d.toString());
      assertEquals(unit(r, d).file().toUri().toString(),
          res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText(), d.toString());
      // javac indents a message's later lines when it renders it; the log keeps the text as written.
      assertEquals(d.message().replace("\n  ", "\n"), "[sessioncheck:" + d.ruleId() + "] " + res.get("message").get("text").asText());
      List<Diag> notes = r.notesOf(d);
      JsonNode related = res.get("relatedLocations");
      assertEquals(notes.size(), related == null ? 0 : related.size(), res.toString());
      for (int n = 0; n < notes.size(); n++) {
        assertEquals(javacRange(r, notes.get(n)), range(related.get(n).get("physicalLocation").get("region")));
        assertTrue(notes.get(n).message().endsWith(related.get(n).get("message").get("text").asText()));
      }
    }
  }

  private static final String MULTI_SAVE =
      """
      package app.web;
      import api.*;
      class Save {
      \tvoid run(Session s) {
      \t\ts.save(); // expect: unchecked-result
      \t}
      }
      """;

  private static final String MULTI_JOBS =
      """
      package app.jobs;
      import api.*;
      class Cleanup {
        void run(Session s) {
          Sessions.release(s);
          s.id(); // expect: use-after-terminal
        }
        void label(Session s) {
          // Columns count UTF-16 code units: 'é' is one, '😀' two; the quotes are escaped in JSON.
          String é = "\\"😀\\""; s.save(); // expect: unchecked-result
        }
      }
      """;

  /** javac's start and end offsets of {@code d} as {@code line:col-line:col}, tabs counting one. */
  private static String javacRange(Result r, Diag d) {
    Unit u = unit(r, d);
    return lineCol(u.source(), d.startPosition()) + "-" + lineCol(u.source(), d.endPosition());
  }

  private static Unit unit(Result r, Diag d) {
    return r.units().stream().filter(x -> x.path().equals(d.file())).findFirst().orElseThrow();
  }

  private static String lineCol(String source, long offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (source.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return line + ":" + (offset - lineStart + 1);
  }

  @Test
  void bothDoorsWriteTheSameLog() throws IOException {
    Path viaProcessor = tmp.resolve("processor.sarif");
    Path viaPlugin = tmp.resolve("plugin.sarif");
    compile("processor", List.of(KNOWN, MULTI_SAVE, MULTI_JOBS), "sarif=" + viaProcessor);
    compile("plugin", List.of(KNOWN, MULTI_SAVE, MULTI_JOBS), "sarif=" + viaPlugin);
    ObjectNode a = (ObjectNode) validLog(viaProcessor);
    ObjectNode b = (ObjectNode) validLog(viaPlugin);
    assertEquals("javac plugin", run(b).get("invocations").get(0).get("properties").get("entryPoint").asText());
    ((ObjectNode) run(a)).remove("invocations");
    ((ObjectNode) run(b)).remove("invocations");
    assertEquals(a, b);
    assertEquals(9, results(a).size(), a.toPrettyString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"processor", "plugin"})
  void warnModeMakesEveryLevelAWarning(String door) {
    Path out = tmp.resolve("warn.sarif");
    Result r = compile(door, KNOWN, "sarif=" + out, "warn=true");
    assertTrue(r.succeeded(), r.toString());
    JsonNode log = validLog(out);
    assertEquals(6, results(log).size());
    for (JsonNode res : results(log)) {
      assertEquals("warning", res.get("level").asText(), res.toString());
    }
    run(log).get("tool").get("driver").get("rules")
        .forEach(rule -> assertEquals("warning", rule.get("defaultConfiguration").get("level").asText()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"processor", "plugin"})
  void disabledRulesProduceNothing(String door) {
    Path out = tmp.resolve("disabled.sarif");
    compile(
        door,
        KNOWN.replace(" // expect: use-after-terminal", "").replace(" // expect: bad-annotation", ""),
        "sarif=" + out,
        "disable=use-after-terminal,bad-annotation");
    JsonNode log = validLog(out);
    assertEquals(List.of("unchecked-result", "unchecked-error", "null-callback", "internal-error"), ruleIds(log));
    assertEquals(
        List.of("unchecked-result", "unchecked-error", "null-callback", "unchecked-result"),
        results(log).stream().map(n -> n.get("ruleId").asText()).collect(Collectors.toList()));
    for (JsonNode res : results(log)) {
      assertEquals(res.get("ruleId").asText(), ruleIds(log).get(res.get("ruleIndex").asInt()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"processor", "plugin"})
  void notesFalseLeavesOutTheRelatedLocations(String door) {
    Path out = tmp.resolve("nonotes.sarif");
    compile(door, KNOWN, "sarif=" + out, "notes=false");
    JsonNode log = validLog(out);
    assertEquals(6, results(log).size());
    for (JsonNode res : results(log)) {
      assertFalse(res.has("relatedLocations"), res.toString());
    }
  }

  @Test
  void everythingSuppressedIsInTheLogAndNothingIsPrinted() {
    Path out = tmp.resolve("suppressed.sarif");
    String source = KNOWN.replaceAll(" // expect: [a-z-]+", "")
        .replace("class Logout {", "@SuppressWarnings(\"sessioncheck\")\nclass Logout {");
    Result r = compile("processor", source, "sarif=" + out);
    assertTrue(r.succeeded(), r.toString());
    assertEquals(List.of(), r.diagnostics(), r.toString());
    List<JsonNode> results = results(validLog(out));
    assertEquals(6, results.size());
    for (JsonNode res : results) {
      assertEquals("[{\"kind\":\"inSource\"}]", res.get("suppressions").toString(), res.toString());
    }
    // A suppressed use-after-terminal keeps its related location: the log says why it was reported.
    assertEquals("'session' was ended here by destroy()",
        results.get(4).get("relatedLocations").get(0).get("message").get("text").asText());
  }

  @Test
  void aSuppressedMethodReferenceSettledInAnotherClassIsInTheLog() {
    // unchecked-error on a method reference is settled when its target's class is analysed,
    // possibly after the referencing class; the suppression travels with it.
    Path out = tmp.resolve("methodref.sarif");
    String user = "import api.*;\nclass User {\n  @SuppressWarnings(\"sessioncheck:unchecked-error\")\n"
        + "  void run(Session s) {\n    s.save(Handlers::ignores);\n  }\n}\n";
    String handlers = "import api.*;\nclass Handlers {\n  static void ignores(StoreError e) {}\n}\n";
    Result r = compile("processor", List.of(user, handlers), "sarif=" + out);
    assertEquals(List.of(), r.diagnostics(), r.toString());
    List<JsonNode> results = results(validLog(out));
    assertEquals(List.of("unchecked-error error " + span(user, 5, "Handlers::ignores") + " suppressed"),
        results.stream().map(SarifTest::summary).toList());
  }

  @Test
  void aCleanCompilationWritesAnEmptyLogAndCreatesMissingDirectories() {
    Path out = tmp.resolve("a/b/clean.sarif");
    Result r = compile("processor", "import api.*;\nclass Clean {\n  void run(Session s) {\n    if (!s.save().ok()) throw new IllegalStateException();\n  }\n}\n", "sarif=" + out);
    assertEquals(List.of(), r.diagnostics(), r.toString());
    JsonNode log = validLog(out);
    assertEquals(0, results(log).size());
    assertEquals(6, ruleIds(log).size());
  }

  @Test
  void theSameCompilationWritesTheSameBytes() throws IOException {
    Path first = tmp.resolve("1.sarif");
    Path second = tmp.resolve("2.sarif");
    compile("processor", List.of(KNOWN, MULTI_SAVE, MULTI_JOBS), "sarif=" + first);
    compile("processor", List.of(KNOWN, MULTI_SAVE, MULTI_JOBS), "sarif=" + second);
    validLog(first);
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @ParameterizedTest
  @ValueSource(strings = {"processor", "plugin"})
  void aPathThatCannotBeWrittenIsOneWarningNamingIt(String door) throws IOException {
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
    Path out = notADirectory.resolve("log.sarif");
    Result r = compile(door, KNOWN, "sarif=" + out);
    List<Diag> warnings = r.diagnostics().stream()
        .filter(d -> d.kind() == Diagnostic.Kind.WARNING && d.message().contains("SARIF"))
        .collect(Collectors.toList());
    assertEquals(1, warnings.size(), r.toString());
    assertTrue(warnings.get(0).message().startsWith("sessioncheck: cannot write the SARIF report to " + out + " ("), warnings.get(0).message());
    assertEquals(5, r.sessioncheck().size(), r.toString());
    assertFalse(Files.exists(out));

    Path directory = Files.createDirectories(tmp.resolve("a-directory.sarif"));
    Result onDir = compile(door, KNOWN, "sarif=" + directory);
    assertEquals(1, onDir.diagnostics().stream().filter(d -> d.message().startsWith("sessioncheck: cannot write the SARIF report to " + directory)).count(), onDir.toString());
  }

  /** Sources on disk, as a build compiles them: artifact URIs are the files' own file: URIs. */
  @Test
  void filesOnDiskGetTheirFileUris() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src/demo"));
    Path session = Files.writeString(src.resolve("Session.java"),
        "package demo;\n"
            + "import dev.sessioncheck.annotations.*;\n"
            + "public interface Session {\n"
            + "  @MustCheck boolean save();\n"
            + "  @TerminalOp void destroy();\n"
            + "  Object get(String key);\n"
            + "}\n");
    Path logout = Files.writeString(src.resolve("LogoutHandler.java"),
        "package demo;\n"
            + "class LogoutHandler {\n"
            + "  void logout(Session session) {\n"
            + "    session.destroy();\n"
            + "    Object user = session.get(\"user\");\n"
            + "  }\n"
            + "}\n");
    Path out = tmp.resolve("disk.sarif");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
      String cp = System.getProperty("java.class.path");
      List<String> options = List.of(
          "-d", Files.createDirectories(tmp.resolve("classes")).toString(),
          "-classpath", cp, "-processorpath", cp,
          "-processor", SessionCheckProcessor.class.getName(),
          "-Asessioncheck.sarif=" + out);
      boolean ok = javac.getTask(null, fm, diags, options, null, fm.getJavaFileObjects(session, logout)).call();
      assertFalse(ok, diags.getDiagnostics().toString());
    }
    List<JsonNode> results = results(validLog(out));
    assertEquals(1, results.size());
    JsonNode physical = results.get(0).get("locations").get(0).get("physicalLocation");
    assertEquals(logout.toUri().toString(), physical.get("artifactLocation").get("uri").asText());
    assertTrue(physical.get("artifactLocation").get("uri").asText().startsWith("file:/"));
    assertEquals("5:19-5:26", range(physical.get("region")));
  }

  /** The validation can fail: what the schema forbids is rejected. */
  @Test
  void theSchemaRejectsABrokenLog() throws IOException {
    Path out = tmp.resolve("good.sarif");
    compile("processor", KNOWN, "sarif=" + out);
    JsonNode good = validLog(out);
    Map<String, java.util.function.Consumer<ObjectNode>> breakages = new LinkedHashMap<>();
    breakages.put("unknown level", log -> firstResult(log).put("level", "fatal"));
    breakages.put("line 0", log -> ((ObjectNode) firstResult(log).get("locations").get(0).get("physicalLocation").get("region")).put("startLine", 0));
    breakages.put("unknown suppression kind", log -> ((ObjectNode) result(log, 5).get("suppressions").get(0)).put("kind", "inComment"));
    breakages.put("no version", log -> log.remove("version"));
    breakages.put("unknown property", log -> firstResult(log).put("rule", "x"));
    for (Map.Entry<String, java.util.function.Consumer<ObjectNode>> e : breakages.entrySet()) {
      ObjectNode broken = good.deepCopy();
      e.getValue().accept(broken);
      assertFalse(SCHEMA.validate(broken).isEmpty(), e.getKey());
    }
  }

  private static ObjectNode firstResult(ObjectNode log) {
    return result(log, 0);
  }

  private static ObjectNode result(ObjectNode log, int i) {
    return (ObjectNode) log.get("runs").get(0).get("results").get(i);
  }

  @Test
  void jsonStringsRoundTrip() throws IOException {
    String nasty = "quote \" backslash \\ slash / newline \n tab \t cr \r nul \u0000 bell \u0007 del \u007f"
        + " ls \u2028 ps \u2029 é 中 😀 lone \ud800 x \udc00 end";
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", nasty);
    value.put("n", List.of(1, -2L, Long.MAX_VALUE));
    value.put("b", List.of(true, false));
    value.put("empty", List.of());
    value.put("nested", Map.of());
    String json = Json.write(value);
    assertFalse(json.chars().anyMatch(c -> c < 0x20 && c != '\n'), json);
    JsonNode back = MAPPER.readTree(json);
    assertEquals(nasty, back.get("s").asText());
    assertEquals(Long.MAX_VALUE, back.get("n").get(2).asLong());
    assertEquals("[true,false]", back.get("b").toString());
    assertEquals("[]", back.get("empty").toString());
    assertEquals("{}", back.get("nested").toString());
  }
}
