package dev.sessioncheck.processor.flow;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tree API added after JDK 17 (case labels, guards, record patterns), reached by kind name and
 * reflection so that the processor, compiled for 17, links on 17 and analyses Java 21+ code when it
 * runs on a newer javac. The methods called are public interface methods of
 * {@code com.sun.source.tree}; each is looked up once per tree class.
 */
final class TreeCompat {
  private TreeCompat() {}

  private static final Object MISSING = new Object();

  /**
   * Per tree class, per method name: the first public no-arg method of that name among the
   * {@code com.sun.source.tree} interfaces the class implements (its own, then its superclasses'),
   * or {@link #MISSING}. The engine asks for a case's labels and guard and a pattern's parts at
   * every visit, so the search runs once per (class, name).
   */
  private static final ClassValue<ConcurrentHashMap<String, Object>> RESOLVED =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  /** Calls public no-arg interface method {@code name} of {@code tree}, or returns null if absent. */
  static Object call(Tree tree, String name) {
    if (tree == null) {
      return null;
    }
    Class<?> type = tree.getClass();
    Object m = RESOLVED.get(type).computeIfAbsent(name, n -> resolve(type, n));
    if (m == MISSING) {
      return null;
    }
    try {
      return ((Method) m).invoke(tree);
    } catch (IllegalAccessException e) {
      return null; // public methods of an exported package: not expected; treated as absent
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new IllegalStateException(c);
    }
  }

  private static Object resolve(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> iface : c.getInterfaces()) {
        if (iface.getName().startsWith("com.sun.source.tree.")) {
          try {
            return iface.getMethod(name);
          } catch (NoSuchMethodException e) {
            // try the next interface
          }
        }
      }
    }
    return MISSING;
  }

  static String kind(Tree t) {
    return t == null ? "" : t.getKind().name();
  }

  /** The labels of a case: getLabels() where it exists, else the expressions (empty = default). */
  @SuppressWarnings("unchecked")
  static List<? extends Tree> labels(CaseTree c) {
    Object labels = call(c, "getLabels");
    if (labels instanceof List) {
      return (List<? extends Tree>) labels;
    }
    return c.getExpressions();
  }

  static boolean isDefault(CaseTree c) {
    List<? extends Tree> labels = labels(c);
    if (labels.isEmpty()) {
      return true;
    }
    for (Tree l : labels) {
      if (kind(l).equals("DEFAULT_CASE_LABEL")) {
        return true;
      }
    }
    return false;
  }

  /** The pattern of a case label, or null for a constant / default label. */
  static Tree labelPattern(Tree label) {
    String k = kind(label);
    if (k.equals("PATTERN_CASE_LABEL")) {
      return (Tree) call(label, "getPattern");
    }
    if (k.endsWith("_PATTERN")) {
      return label;
    }
    return null;
  }

  /** The constant expression of a case label, or null. */
  static ExpressionTree labelConstant(Tree label) {
    String k = kind(label);
    if (k.equals("CONSTANT_CASE_LABEL")) {
      return (ExpressionTree) call(label, "getConstantExpression");
    }
    return label instanceof ExpressionTree ? (ExpressionTree) label : null;
  }

  /** The {@code when} guard of a case (Java 21+), or null. */
  static ExpressionTree guard(CaseTree c) {
    Object g = call(c, "getGuard");
    return g instanceof ExpressionTree ? (ExpressionTree) g : null;
  }

  /** The body of an arrow case, or null for a statement case. */
  static Tree body(CaseTree c) {
    return c.getCaseKind() == CaseTree.CaseKind.RULE ? c.getBody() : null;
  }

  @SuppressWarnings("unchecked")
  static List<? extends Tree> nestedPatterns(Tree deconstruction) {
    Object l = call(deconstruction, "getNestedPatterns");
    return l instanceof List ? (List<? extends Tree>) l : Collections.emptyList();
  }

  static VariableTree bindingVariable(Tree bindingPattern) {
    Object v = call(bindingPattern, "getVariable");
    return v instanceof VariableTree ? (VariableTree) v : null;
  }

  static Tree innerPattern(Tree parenthesized) {
    Object v = call(parenthesized, "getPattern");
    return v instanceof Tree ? (Tree) v : null;
  }

  /** The pattern of {@code x instanceof P} (null when it only names a type). */
  static Tree instanceOfPattern(Tree instanceOf) {
    Object p = call(instanceOf, "getPattern");
    return p instanceof Tree ? (Tree) p : null;
  }

  /** True for {@code _} (Java 22+), which javac names with the empty name. */
  static boolean unnamed(VariableTree v) {
    String n = v.getName().toString();
    return n.isEmpty() || n.equals("_");
  }
}
