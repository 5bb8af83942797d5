package dev.sessioncheck.processor.rules;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.sessioncheck.processor.model.Contracts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * What a method compiled in this run does with one of its parameters: which methods it calls on it,
 * whether it reads a field of it, and whether it does anything else with it (stores, returns,
 * passes it where no summary reaches, assigns the parameter). {@code use-after-terminal} asks this
 * when a value a library model ended is passed as an argument: a helper that only asks an ended
 * stream {@code isParallel()} (StreamEx's {@code StreamContext.combine}) is not a use the end
 * forbids. (For annotated contracts DESIGN.md makes any such argument a use.)
 *
 * <p>The summary is read from the helper's source tree by shape alone, so it does not matter
 * whether javac has attributed that class yet or already lowered it: an identifier with the
 * parameter's name is the parameter (Java lets nothing in the body shadow it except members of a
 * nested class, and an occurrence inside a nested class counts as "anything else"); a call the
 * summary cannot resolve is "anything else". Arguments passed on to another summarisable method
 * are followed (its uses join the caller's; a recursive cycle adds nothing). Only methods no other
 * class can override are summarised: static, private, final, constructors, members of final types,
 * and package-private methods or methods of types not visible outside their package, whose
 * overrides would have to sit in the same package, that is in this compilation. An override there
 * is not looked for: a known gap, on the side of silence.
 */
final class ParamUses {
  /** One call on the parameter: {@code p.name(..)} ({@code arity} arguments) or {@code p::name} (-1). */
  static final class CallUse {
    final String name;
    final int arity;
    /** Every method of that name in the parameter's declared type is non-public. */
    final boolean nonPublic;

    CallUse(String name, int arity, boolean nonPublic) {
      this.name = name;
      this.arity = arity;
      this.nonPublic = nonPublic;
    }
  }

  /** The uses of one parameter, those of the helpers it is passed on to included. */
  static final class Summary {
    final List<CallUse> calls = new ArrayList<>();
    boolean fieldRead;
    boolean other;
    /** A recursive cycle was cut while computing it: correct for the outermost call only. */
    boolean cut;

    void add(Summary s) {
      calls.addAll(s.calls);
      fieldRead |= s.fieldRead;
      other |= s.other;
      cut |= s.cut;
    }
  }

  private static final Summary UNKNOWN = new Summary();

  static {
    UNKNOWN.other = true;
  }

  private final Map<ExecutableElement, Map<Integer, Summary>> cache = new HashMap<>();
  /** Types with a method some contract makes terminal (their values can be ended). */
  private final Map<TypeElement, Boolean> endable = new HashMap<>();
  /** Per type, per method name: every method of that name is non-public (see {@link #nonPublic}). */
  private final Map<TypeElement, Map<String, Boolean>> nonPublic = new HashMap<>();
  /**
   * The methods of the class being summarised, by element: {@code Trees.getPath(Element)} searches
   * the whole compilation unit on each call, which on a large file made the summaries quadratic
   * (a third of javac's time on jOOλ's 10,000-line {@code Seq.java}). Only for the duration of
   * {@link #classReady}, so no tree outlives its class.
   */
  private final Map<ExecutableElement, TreePath> methodPaths = new HashMap<>();

  /**
   * Summarises, while its trees are attributed, every closed method of top-level class
   * {@code classPath} for each parameter whose type has a terminal method. Needed because once
   * javac has generated a class it no longer hands out its trees; a class still to come is
   * summarised from its unattributed trees when asked.
   */
  void classReady(Trees trees, Elements elements, Contracts contracts, TreePath classPath) {
    List<ExecutableElement> wanted = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethod(MethodTree node, Void v) {
        if (node.getBody() != null && !node.getParameters().isEmpty()) {
          Element e = trees.getElement(getCurrentPath());
          if (e instanceof ExecutableElement && closed((ExecutableElement) e)) {
            methodPaths.put((ExecutableElement) e, getCurrentPath());
            wanted.add((ExecutableElement) e);
          }
        }
        return super.visitMethod(node, v);
      }
    }.scan(classPath, null);
    try {
      for (ExecutableElement m : wanted) {
        for (int i = 0; i < m.getParameters().size(); i++) {
          if (endable(elements, contracts, m.getParameters().get(i).asType())) {
            of(trees, elements, m, i);
          }
        }
      }
    } finally {
      methodPaths.clear();
    }
  }

  private boolean endable(Elements elements, Contracts contracts, TypeMirror t) {
    if (!(t instanceof DeclaredType) || !(((DeclaredType) t).asElement() instanceof TypeElement)) {
      return false;
    }
    TypeElement type = (TypeElement) ((DeclaredType) t).asElement();
    Boolean known = endable.get(type);
    if (known == null) {
      known = false;
      for (ExecutableElement c : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (contracts.terminal(c) != null) {
          known = true;
          break;
        }
      }
      endable.put(type, known);
    }
    return known;
  }

  /**
   * The uses {@code m} makes of its parameter {@code index}, or a summary marked {@code other} when
   * they cannot be known (no source here, or its class already generated without being
   * summarised; overridable; a varargs position; a problem in the tree).
   */
  Summary of(Trees trees, Elements elements, ExecutableElement m, int index) {
    try {
      return summarise(trees, elements, m, index, new HashSet<>());
    } catch (RuntimeException e) {
      return UNKNOWN; // a tree shape javac left half-lowered: no summary, the use is judged as before
    }
  }

  private Summary summarise(Trees trees, Elements elements, ExecutableElement m, int index, Set<List<Object>> visiting) {
    Summary known = cache.getOrDefault(m, Map.of()).get(index);
    if (known != null) {
      return known;
    }
    if (!closed(m) || index < 0 || index >= m.getParameters().size() || (m.isVarArgs() && index == m.getParameters().size() - 1)) {
      return UNKNOWN;
    }
    TreePath path = methodPaths.get(m);
    if (path == null) {
      path = trees.getPath(m);
    }
    if (path == null || !(path.getLeaf() instanceof MethodTree) || ((MethodTree) path.getLeaf()).getBody() == null
        || index >= ((MethodTree) path.getLeaf()).getParameters().size()) {
      return UNKNOWN;
    }
    MethodTree mt = (MethodTree) path.getLeaf();
    List<Object> key = List.of(m, index);
    if (!visiting.add(key)) {
      Summary s = new Summary();
      s.cut = true;
      return s;
    }
    String name = mt.getParameters().get(index).getName().toString();
    TypeMirror declared = m.getParameters().get(index).asType();
    Summary s = new Summary();
    new TreePathScanner<Void, Void>() {
      private int nestedClasses;

      @Override
      public Void visitClass(ClassTree node, Void v) {
        nestedClasses++;
        try {
          return super.visitClass(node, v);
        } finally {
          nestedClasses--;
        }
      }

      @Override
      public Void visitIdentifier(IdentifierTree node, Void v) {
        if (node.getName().contentEquals(name)) {
          if (nestedClasses > 0) {
            s.other = true;
          } else {
            classify(trees, elements, m, getCurrentPath(), declared, s, visiting);
          }
        }
        return null;
      }
    }.scan(new TreePath(path, mt.getBody()), null);
    visiting.remove(key);
    if (!s.cut) {
      cache.computeIfAbsent(m, k -> new HashMap<>()).put(index, s);
    }
    return s;
  }

  private void classify(Trees trees, Elements elements, ExecutableElement owner, TreePath at, TypeMirror declared, Summary s, Set<List<Object>> visiting) {
    Tree child = at.getLeaf();
    TreePath up = at.getParentPath();
    boolean cast = false;
    // A cast or parentheses hand the same object on; what happens to the result is what counts.
    while (up != null
        && (up.getLeaf() instanceof ParenthesizedTree
            || (up.getLeaf() instanceof TypeCastTree && ((TypeCastTree) up.getLeaf()).getExpression() == child))) {
      cast |= up.getLeaf() instanceof TypeCastTree;
      child = up.getLeaf();
      up = up.getParentPath();
    }
    Tree parent = up == null ? null : up.getLeaf();
    if (parent instanceof MemberSelectTree && ((MemberSelectTree) parent).getExpression() == child) {
      String member = ((MemberSelectTree) parent).getIdentifier().toString();
      Tree grand = up.getParentPath() == null ? null : up.getParentPath().getLeaf();
      if (grand instanceof MethodInvocationTree && ((MethodInvocationTree) grand).getMethodSelect() == parent) {
        s.calls.add(new CallUse(member, ((MethodInvocationTree) grand).getArguments().size(), !cast && nonPublic(elements, declared, member)));
      } else {
        s.fieldRead = true;
      }
    } else if (parent instanceof MemberReferenceTree && ((MemberReferenceTree) parent).getQualifierExpression() == child) {
      String member = ((MemberReferenceTree) parent).getName().toString();
      s.calls.add(new CallUse(member, -1, !cast && nonPublic(elements, declared, member)));
    } else if (parent instanceof BinaryTree
        && (parent.getKind() == Tree.Kind.EQUAL_TO || parent.getKind() == Tree.Kind.NOT_EQUAL_TO)) {
      return; // a comparison of references
    } else if (parent instanceof InstanceOfTree && ((InstanceOfTree) parent).getExpression() == child) {
      return;
    } else if (parent instanceof MethodInvocationTree && ((MethodInvocationTree) parent).getArguments().contains(child)) {
      MethodInvocationTree call = (MethodInvocationTree) parent;
      ExecutableElement callee = callee(trees, elements, owner, up, call);
      s.add(callee == null ? UNKNOWN : summarise(trees, elements, callee, call.getArguments().indexOf(child), visiting));
    } else if (parent instanceof NewClassTree && ((NewClassTree) parent).getArguments().contains(child)) {
      Element e = trees.getElement(up);
      s.add(e instanceof ExecutableElement
          ? summarise(trees, elements, (ExecutableElement) e, ((NewClassTree) parent).getArguments().indexOf(child), visiting)
          : UNKNOWN);
    } else {
      s.other = true;
    }
  }

  /**
   * The method a call in a summarised body invokes: javac's answer when the body is attributed,
   * else, for an unqualified call, the one method of the owner's type with that name and arity.
   */
  private static ExecutableElement callee(Trees trees, Elements elements, ExecutableElement owner, TreePath callPath, MethodInvocationTree call) {
    Element e = trees.getElement(callPath);
    if (e instanceof ExecutableElement) {
      return (ExecutableElement) e;
    }
    if (!(call.getMethodSelect() instanceof IdentifierTree) || !(owner.getEnclosingElement() instanceof TypeElement)) {
      return null;
    }
    String name = ((IdentifierTree) call.getMethodSelect()).getName().toString();
    ExecutableElement only = null;
    for (ExecutableElement c : ElementFilter.methodsIn(elements.getAllMembers((TypeElement) owner.getEnclosingElement()))) {
      if (c.getSimpleName().contentEquals(name) && (c.isVarArgs() || c.getParameters().size() == call.getArguments().size())) {
        if (only != null) {
          return null; // overloaded: only attribution could tell which
        }
        only = c;
      }
    }
    return only;
  }

  /** True when no class outside this compilation can override {@code m}. */
  private static boolean closed(ExecutableElement m) {
    if (m.getKind() == ElementKind.CONSTRUCTOR) {
      return true;
    }
    Set<Modifier> mods = m.getModifiers();
    if (m.getKind() != ElementKind.METHOD || mods.contains(Modifier.ABSTRACT)) {
      return false;
    }
    if (mods.contains(Modifier.STATIC) || mods.contains(Modifier.PRIVATE) || mods.contains(Modifier.FINAL)) {
      return true;
    }
    if (!visibleOutsidePackage(mods)) {
      return true; // package-private: only a same-package subclass can override it
    }
    Element type = m.getEnclosingElement();
    if (type.getKind() == ElementKind.ENUM || type.getKind() == ElementKind.RECORD || type.getModifiers().contains(Modifier.FINAL)) {
      return true;
    }
    for (Element c = type; c instanceof TypeElement; c = c.getEnclosingElement()) {
      if (!visibleOutsidePackage(c.getModifiers())) {
        return true; // a type not visible outside its package has no subclass outside it
      }
    }
    return false;
  }

  private static boolean visibleOutsidePackage(Set<Modifier> mods) {
    return mods.contains(Modifier.PUBLIC) || mods.contains(Modifier.PROTECTED);
  }

  /** True when the declared type has methods called {@code name} and none of them is public. */
  private boolean nonPublic(Elements elements, TypeMirror declared, String name) {
    if (!(declared instanceof DeclaredType) || !(((DeclaredType) declared).asElement() instanceof TypeElement)) {
      return false;
    }
    TypeElement type = (TypeElement) ((DeclaredType) declared).asElement();
    // getAllMembers builds the whole member list of the type (and its supertypes) on each call.
    return nonPublic.computeIfAbsent(type, k -> new HashMap<>()).computeIfAbsent(name, n -> {
      boolean any = false;
      for (ExecutableElement c : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (c.getSimpleName().contentEquals(n)) {
          if (c.getModifiers().contains(Modifier.PUBLIC)) {
            return false;
          }
          any = true;
        }
      }
      return any;
    });
  }
}
