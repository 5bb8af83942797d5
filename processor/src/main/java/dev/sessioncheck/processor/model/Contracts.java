package dev.sessioncheck.processor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The contracts of methods and types, read from {@code @MustCheck} / {@code @TerminalOp} on elements
 * (from source or from class files; the annotations have CLASS retention, which javac reads) and
 * inherited through overriding: a method that overrides or implements a contract-bearing method has
 * the same contract. Annotations are matched by name so the processor needs no class of them at
 * run time. Results are cached per element (elements are canonical inside one javac run).
 */
public final class Contracts {
  public static final String MUST_CHECK = "dev.sessioncheck.annotations.MustCheck";
  public static final String TERMINAL_OP = "dev.sessioncheck.annotations.TerminalOp";

  /** What a terminal call permits afterwards. */
  public static final class Terminal {
    public final Set<String> allowAfter;
    /**
     * True when the contract comes from a library model rather than an annotation: the library's
     * own implementation was not written against it, so a rule may treat what only that
     * implementation can reach (non-public members) differently.
     */
    public final boolean fromModel;

    Terminal(Set<String> allowAfter) {
      this(allowAfter, false);
    }

    Terminal(Set<String> allowAfter, boolean fromModel) {
      this.allowAfter = Collections.unmodifiableSet(allowAfter);
      this.fromModel = fromModel;
    }
  }

  /** A functional interface whose abstract method has error ({@code @MustCheck}) parameters. */
  public static final class Callback {
    public final TypeElement iface;
    public final ExecutableElement method;
    /** Indices of the error parameters of {@link #method}. */
    public final List<Integer> errorParams;

    Callback(TypeElement iface, ExecutableElement method, List<Integer> errorParams) {
      this.iface = iface;
      this.method = method;
      this.errorParams = errorParams;
    }
  }

  private static final Object NONE = new Object();

  private final Elements elements;
  private final Types types;
  private final Models models;
  private final Map<ExecutableElement, List<ExecutableElement>> overridden = new HashMap<>();
  private final Map<ExecutableElement, Boolean> mustCheck = new HashMap<>();
  private final Map<ExecutableElement, Set<String>> checkedBy = new HashMap<>();
  private final Map<ExecutableElement, Object> terminal = new HashMap<>();
  private final Map<ExecutableElement, List<Object>> terminalParams = new HashMap<>();
  private final Map<ExecutableElement, List<Integer>> errorParams = new HashMap<>();
  private final Map<TypeElement, Object> callbacks = new HashMap<>();

  public Contracts(Elements elements, Types types) {
    this(elements, types, Models.load(null));
  }

  public Contracts(Elements elements, Types types, Models models) {
    this.elements = elements;
    this.types = types;
    this.models = models;
  }

  public Elements elements() {
    return elements;
  }

  public Types types() {
    return types;
  }

  // ---------------------------------------------------------------- annotations on one element

  public static AnnotationMirror annotation(Element e, String name) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      Element t = a.getAnnotationType().asElement();
      if (t instanceof TypeElement && ((TypeElement) t).getQualifiedName().contentEquals(name)) {
        return a;
      }
    }
    return null;
  }

  /** The {@code allowAfter} names of a {@code @TerminalOp} mirror. */
  public static Set<String> allowAfter(AnnotationMirror terminalOp) {
    Set<String> out = new LinkedHashSet<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        terminalOp.getElementValues().entrySet()) {
      if (!e.getKey().getSimpleName().contentEquals("allowAfter")) {
        continue;
      }
      Object v = e.getValue().getValue();
      if (v instanceof List) {
        for (Object item : (List<?>) v) {
          Object s = item instanceof AnnotationValue ? ((AnnotationValue) item).getValue() : item;
          out.add(String.valueOf(s));
        }
      } else if (v != null) {
        out.add(String.valueOf(v));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- inheritance

  /** Every method {@code m} overrides or implements, transitively (not {@code m} itself). */
  public List<ExecutableElement> overridden(ExecutableElement m) {
    List<ExecutableElement> cached = overridden.get(m);
    if (cached != null) {
      return cached;
    }
    List<ExecutableElement> out = new ArrayList<>();
    Element owner = m.getEnclosingElement();
    if (m.getKind() == ElementKind.METHOD
        && !m.getModifiers().contains(Modifier.STATIC)
        && !m.getModifiers().contains(Modifier.PRIVATE)
        && owner instanceof TypeElement) {
      TypeElement type = (TypeElement) owner;
      Set<TypeElement> visited = new HashSet<>();
      Deque<TypeMirror> work = new ArrayDeque<>(types.directSupertypes(type.asType()));
      while (!work.isEmpty()) {
        TypeMirror t = work.pop();
        if (t.getKind() != TypeKind.DECLARED) {
          continue;
        }
        TypeElement sup = (TypeElement) ((DeclaredType) t).asElement();
        if (!visited.add(sup)) {
          continue;
        }
        for (ExecutableElement cand : ElementFilter.methodsIn(sup.getEnclosedElements())) {
          if (cand.getSimpleName().equals(m.getSimpleName())
              && cand.getParameters().size() == m.getParameters().size()
              && elements.overrides(m, cand, type)) {
            out.add(cand);
          }
        }
        work.addAll(types.directSupertypes(t));
      }
    }
    overridden.put(m, out);
    return out;
  }

  // ---------------------------------------------------------------- @MustCheck results

  /** True when every value {@code m} returns carries an obligation. */
  public boolean isMustCheck(ExecutableElement m) {
    Boolean cached = mustCheck.get(m);
    if (cached != null) {
      return cached;
    }
    boolean result = false;
    TypeMirror ret = m.getReturnType();
    if (ret.getKind() != TypeKind.VOID && m.getKind() == ElementKind.METHOD) {
      result = mustCheckByAnnotation(m);
      if (!result) {
        for (Models.Rule r : models.rules()) {
          if (!r.terminal && matches(r, m)) {
            result = true;
            break;
          }
        }
      }
    }
    mustCheck.put(m, result);
    return result;
  }

  /**
   * The receiver methods that settle a discarded result of must-check method {@code m} (a model's
   * {@code checkedBy}); empty when the result itself must be inspected. Only a method that is
   * must-check through models alone can have them: an annotated contract says nothing of the
   * kind, so it stays strict. When several model lines match, one without {@code checkedBy} wins
   * (a user can make a built-in line strict again by repeating it bare); otherwise the names add up.
   */
  public Set<String> checkedBy(ExecutableElement m) {
    Set<String> cached = checkedBy.get(m);
    if (cached != null) {
      return cached;
    }
    Set<String> out = new LinkedHashSet<>();
    if (isMustCheck(m) && !mustCheckByAnnotation(m)) {
      for (Models.Rule r : models.rules()) {
        if (!r.terminal && matches(r, m)) {
          if (r.checkedBy.isEmpty()) {
            out.clear();
            break;
          }
          out.addAll(r.checkedBy);
        }
      }
    }
    Set<String> result = out.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(out);
    checkedBy.put(m, result);
    return result;
  }

  private boolean mustCheckByAnnotation(ExecutableElement m) {
    if (annotation(m, MUST_CHECK) != null || isMustCheckType(m.getReturnType())) {
      return true;
    }
    for (ExecutableElement o : overridden(m)) {
      if (annotation(o, MUST_CHECK) != null || isMustCheckType(o.getReturnType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMustCheckType(TypeMirror t) {
    return t.getKind() == TypeKind.DECLARED && annotation(((DeclaredType) t).asElement(), MUST_CHECK) != null;
  }

  // ---------------------------------------------------------------- library models

  /** True when model rule {@code r} names {@code m} (or a method {@code m} overrides). */
  private boolean matches(Models.Rule r, ExecutableElement m) {
    if (!(m.getEnclosingElement() instanceof TypeElement)) {
      return false;
    }
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    if (r.method.equals("*")) {
      // Only public methods are operations of the type. A subtype's non-public methods are its
      // implementation's own machinery (StreamEx's package-private stream() hands out the wrapped
      // stream without consuming anything), and only that implementation can call them.
      if (m.getModifiers().contains(Modifier.STATIC)
          || !m.getModifiers().contains(Modifier.PUBLIC)
          || r.except.contains(m.getSimpleName().toString())) {
        return false;
      }
      TypeElement base = elements.getTypeElement(r.type);
      return base != null
          && !owner.getQualifiedName().contentEquals("java.lang.Object")
          && types.isSubtype(types.erasure(owner.asType()), types.erasure(base.asType()));
    }
    if (!m.getSimpleName().contentEquals(r.method)) {
      return false;
    }
    if (owner.getQualifiedName().contentEquals(r.type)) {
      return true;
    }
    for (ExecutableElement o : overridden(m)) {
      Element oo = o.getEnclosingElement();
      if (oo instanceof TypeElement && ((TypeElement) oo).getQualifiedName().contentEquals(r.type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Model lines that cannot do what they say although their type is on the class path: the method
   * is not a member of the type, a {@code mustcheck} method has no overload with a result, a
   * {@code terminal} method is static only, or an {@code allowAfter} / {@code except} /
   * {@code checkedBy} name is no method of the type. Each is a typo or a line written against another version of the library;
   * the line is still applied. A line whose type is not on the class path is no problem: one models
   * file (and the built-in one, with both servlet namespaces) serves builds that use only some of
   * its libraries. Call this once the compilation's class path is set up (not before the first
   * round), since it looks the types up.
   */
  public List<String> modelProblems() {
    List<String> out = new ArrayList<>();
    for (Models.Rule r : models.rules()) {
      TypeElement type = elements.getTypeElement(r.type);
      if (type == null) {
        continue;
      }
      List<ExecutableElement> members = ElementFilter.methodsIn(elements.getAllMembers(type));
      String where = r.origin + ": ";
      if (!r.method.equals("*")) {
        List<ExecutableElement> named = new ArrayList<>();
        for (ExecutableElement m : members) {
          if (m.getSimpleName().contentEquals(r.method)) {
            named.add(m);
          }
        }
        if (named.isEmpty()) {
          out.add(where + r.type + " has no method '" + r.method + "', so this line matches nothing");
        } else if (!r.terminal && named.stream().allMatch(m -> m.getReturnType().getKind() == TypeKind.VOID)) {
          out.add(where + r.type + "#" + r.method + " returns nothing, so there is no result to check");
        } else if (r.terminal && named.stream().allMatch(m -> m.getModifiers().contains(Modifier.STATIC))) {
          out.add(where + r.type + "#" + r.method + " is static, so it has no receiver to end");
        }
      }
      Set<String> names = new HashSet<>();
      for (ExecutableElement m : members) {
        names.add(m.getSimpleName().toString());
      }
      for (String a : r.allowAfter) {
        if (!names.contains(a)) {
          out.add(where + "allowAfter names '" + a + "', which is no method of " + r.type);
        }
      }
      for (String e : r.except) {
        if (!names.contains(e)) {
          out.add(where + "except names '" + e + "', which is no method of " + r.type);
        }
      }
      for (String c : r.checkedBy) {
        if (!names.contains(c)) {
          out.add(where + "checkedBy names '" + c + "', which is no method of " + r.type);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- @TerminalOp

  /** The terminal contract of instance method {@code m}, or null. */
  public Terminal terminal(ExecutableElement m) {
    Object cached = terminal.get(m);
    if (cached != null) {
      return cached == NONE ? null : (Terminal) cached;
    }
    Terminal result = null;
    if (m.getKind() == ElementKind.METHOD && !m.getModifiers().contains(Modifier.STATIC)) {
      Set<String> allow = null;
      AnnotationMirror own = annotation(m, TERMINAL_OP);
      if (own != null) {
        allow = new LinkedHashSet<>(allowAfter(own));
      }
      for (ExecutableElement o : overridden(m)) {
        AnnotationMirror a = annotation(o, TERMINAL_OP);
        if (a != null) {
          if (allow == null) {
            allow = new LinkedHashSet<>();
          }
          allow.addAll(allowAfter(a));
        }
      }
      boolean fromModel = false;
      if (allow == null) {
        for (Models.Rule r : models.rules()) {
          if (r.terminal && matches(r, m)) {
            allow = new LinkedHashSet<>(r.allowAfter);
            fromModel = true;
            break;
          }
        }
      }
      if (allow != null) {
        result = new Terminal(allow, fromModel);
      }
    }
    terminal.put(m, result == null ? NONE : result);
    return result;
  }

  /** For each parameter of {@code m}: its terminal contract or null. */
  public Terminal terminalParam(ExecutableElement m, int index) {
    List<Object> list = terminalParams.get(m);
    if (list == null) {
      list = new ArrayList<>();
      for (int i = 0; i < m.getParameters().size(); i++) {
        Set<String> allow = null;
        List<ExecutableElement> chain = new ArrayList<>();
        chain.add(m);
        chain.addAll(overridden(m));
        for (ExecutableElement c : chain) {
          if (i < c.getParameters().size()) {
            AnnotationMirror a = annotation(c.getParameters().get(i), TERMINAL_OP);
            if (a != null) {
              if (allow == null) {
                allow = new LinkedHashSet<>();
              }
              allow.addAll(allowAfter(a));
            }
          }
        }
        list.add(allow == null ? NONE : new Terminal(allow));
      }
      terminalParams.put(m, list);
    }
    if (index < 0 || index >= list.size()) {
      return null;
    }
    Object o = list.get(index);
    return o == NONE ? null : (Terminal) o;
  }

  // ---------------------------------------------------------------- error parameters / callbacks

  /** Indices of {@code m}'s parameters annotated {@code @MustCheck} on it or a method it overrides. */
  public List<Integer> errorParams(ExecutableElement m) {
    List<Integer> cached = errorParams.get(m);
    if (cached != null) {
      return cached;
    }
    List<Integer> out = new ArrayList<>();
    List<ExecutableElement> chain = new ArrayList<>();
    chain.add(m);
    chain.addAll(overridden(m));
    for (int i = 0; i < m.getParameters().size(); i++) {
      for (ExecutableElement c : chain) {
        if (i < c.getParameters().size() && annotation(c.getParameters().get(i), MUST_CHECK) != null) {
          out.add(i);
          break;
        }
      }
    }
    errorParams.put(m, out);
    return out;
  }

  /** The callback contract of {@code type} when it is a functional interface with error parameters. */
  public Callback callback(TypeMirror type) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    Element e = ((DeclaredType) type).asElement();
    return e instanceof TypeElement ? callback((TypeElement) e) : null;
  }

  public Callback callback(TypeElement iface) {
    Object cached = callbacks.get(iface);
    if (cached != null) {
      return cached == NONE ? null : (Callback) cached;
    }
    Callback result = null;
    ExecutableElement fm = functionalMethod(iface);
    if (fm != null) {
      List<Integer> errs = errorParams(fm);
      if (!errs.isEmpty()) {
        result = new Callback(iface, fm, errs);
      }
    }
    callbacks.put(iface, result == null ? NONE : result);
    return result;
  }

  /** The single abstract method of interface {@code iface}, or null when it is not functional. */
  public ExecutableElement functionalMethod(TypeElement iface) {
    if (iface.getKind() != ElementKind.INTERFACE) {
      return null;
    }
    ExecutableElement found = null;
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      if (!m.getModifiers().contains(Modifier.ABSTRACT) || isObjectMethod(m)) {
        continue;
      }
      if (found != null && !elements.overrides(found, m, iface) && !elements.overrides(m, found, iface)) {
        return null;
      }
      if (found == null) {
        found = m;
      }
    }
    return found;
  }

  private boolean isObjectMethod(ExecutableElement m) {
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement om : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (om.getSimpleName().equals(m.getSimpleName())
          && om.getParameters().size() == m.getParameters().size()
          && (m.getParameters().isEmpty()
              || types.isSameType(
                  types.erasure(om.getParameters().get(0).asType()),
                  types.erasure(m.getParameters().get(0).asType())))) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code m} or any parameter type of it can carry a contract (the cheap pre-scan). */
  public boolean bearsContract(ExecutableElement m) {
    if (isMustCheck(m) || terminal(m) != null) {
      return true;
    }
    for (int i = 0; i < m.getParameters().size(); i++) {
      VariableElement p = m.getParameters().get(i);
      if (terminalParam(m, i) != null || callback(p.asType()) != null) {
        return true;
      }
    }
    return false;
  }
}
