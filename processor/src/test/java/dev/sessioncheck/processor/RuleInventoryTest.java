package dev.sessioncheck.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sessioncheck.processor.report.RuleId;
import dev.sessioncheck.processor.testing.CheckerHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Names follow the id: {@code use-after-terminal} ↔ {@code rules.UseAfterTerminal} ↔
 * {@code UseAfterTerminalTest} ↔ {@code docs/rules/use-after-terminal.md}. A new rule id without
 * its class, test or page fails here.
 */
class RuleInventoryTest {

  /**
   * internal-error is raised by the processor's crash guard, not by a rule, and cannot be provoked
   * from a test source without a hook into the checker; it still needs its page.
   */
  private static final Set<RuleId> NO_RULE_CLASS_OR_TEST = Set.of(RuleId.INTERNAL_ERROR);

  static String camel(RuleId id) {
    return Arrays.stream(id.id().split("-"))
        .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1))
        .collect(Collectors.joining());
  }

  static Path docs() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(base).resolve("../docs/rules").normalize();
  }

  @Test
  void harnessKnowsExactlyTheCheckersIds() {
    assertEquals(
        Arrays.stream(RuleId.values()).map(RuleId::id).collect(Collectors.toSet()),
        CheckerHarness.RULE_IDS);
  }

  @ParameterizedTest
  @EnumSource(RuleId.class)
  void ruleClassExists(RuleId id) {
    if (NO_RULE_CLASS_OR_TEST.contains(id)) {
      return;
    }
    String name = "dev.sessioncheck.processor.rules." + camel(id);
    try {
      Class.forName(name);
    } catch (ClassNotFoundException e) {
      fail("no rule class " + name + " for " + id.id());
    }
  }

  @ParameterizedTest
  @EnumSource(RuleId.class)
  void testClassExists(RuleId id) {
    if (NO_RULE_CLASS_OR_TEST.contains(id)) {
      return;
    }
    String name = "dev.sessioncheck.processor." + camel(id) + "Test";
    try {
      Class.forName(name);
    } catch (ClassNotFoundException e) {
      fail("no test class " + name + " for " + id.id());
    }
  }

  @ParameterizedTest
  @EnumSource(RuleId.class)
  void docPageExistsAndNamesTheSuppressionKey(RuleId id) throws IOException {
    Path page = docs().resolve(id.id() + ".md");
    assertTrue(Files.isRegularFile(page), "missing " + page);
    String text = Files.readString(page);
    assertTrue(text.startsWith("# " + id.id()), page + " should start with '# " + id.id() + "'");
    for (String section : new String[] {"## The problem", "## Example", "## Fix", "## Suppression",
        "## Known limitations"}) {
      assertTrue(text.contains(section), page + " lacks a '" + section + "' section");
    }
    assertTrue(
        text.contains("@SuppressWarnings(\"sessioncheck:" + id.id() + "\")"),
        page + " should show its suppression key");
  }

  @ParameterizedTest
  @EnumSource(RuleId.class)
  void readmeListsTheRule(RuleId id) throws IOException {
    String readme = Files.readString(docs().resolve("README.md"));
    assertTrue(readme.contains("(" + id.id() + ".md)"), "docs/rules/README.md does not link " + id.id());
  }
}
