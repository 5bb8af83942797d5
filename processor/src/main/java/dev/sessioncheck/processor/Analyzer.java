package dev.sessioncheck.processor;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.sessioncheck.processor.model.Contracts;
import dev.sessioncheck.processor.model.Models;
import dev.sessioncheck.processor.report.Messages;
import dev.sessioncheck.processor.report.Options;
import dev.sessioncheck.processor.report.Reporter;
import dev.sessioncheck.processor.report.RuleId;
import dev.sessioncheck.processor.report.Sarif;
import dev.sessioncheck.processor.rules.BadAnnotation;
import dev.sessioncheck.processor.rules.Context;
import dev.sessioncheck.processor.rules.MethodSummaries;
import dev.sessioncheck.processor.rules.Rules;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * The analysis behind both doors: for one top-level class of a compilation unit, decide cheaply
 * whether it can matter, check its annotations, then run every rule on each body (method,
 * constructor, initializer, field initializer; nested member classes included, local and anonymous
 * classes and lambdas as part of the body that contains them). A failure inside one body becomes
 * one {@code internal-error} warning naming it; the other bodies are still checked.
 */
public final class Analyzer {
  private final Trees trees;
  private final Contracts contracts;
  private final Reporter reporter;
  private final List<Rules.BodyCheck> checks;
  private final MethodSummaries summaries = new MethodSummaries();
  /** Lines of the model files that could not be read; printed once, as errors, at the first class. */
  private final List<String> modelProblems;
  /** Model lines naming methods their type lacks: checked once, when the class path is set up. */
  private boolean modelsChecked;
  /** Where a late problem with the SARIF file can still be reported; dropped once it is written. */
  private CompilationUnitTree lastUnit;
  private boolean sarifProbed;
  private boolean sarifWarned;

  public Analyzer(JavacTask task, Options options) {
    this(task, options, Rules.BODY_CHECKS);
  }

  /** An analyzer running {@code checks} on every body (the default is {@link Rules#BODY_CHECKS}). */
  public Analyzer(JavacTask task, Options options, List<Rules.BodyCheck> checks) {
    this(task, options, checks, "annotation processor");
  }

  private Analyzer(JavacTask task, Options options, List<Rules.BodyCheck> checks, String entryPoint) {
    this.checks = checks;
    this.trees = Trees.instance(task);
    Models models = Models.load(options.modelsFile());
    this.modelProblems = new ArrayList<>(models.problems());
    this.contracts = new Contracts(task.getElements(), task.getTypes(), models);
    this.reporter = new Reporter(trees, options, entryPoint);
  }

  /**
   * One analyzer per javac task, so that the plugin and the processor together check once. Both
   * key and value are weak (the analyzer holds the task's context), so a JVM running many
   * compilations, like a test suite, keeps none of them alive.
   */
  private static final Map<JavacTask, WeakReference<Analyzer>> ACTIVE = Collections.synchronizedMap(new WeakHashMap<>());

  /** Registers an analyzer on {@code task}'s ANALYZE events (once per task). */
  public static Analyzer listenTo(JavacTask task, Options options) {
    return listenTo(task, options, "annotation processor");
  }

  /**
   * As {@link #listenTo(JavacTask, Options)}; {@code entryPoint} names the door in the SARIF log
   * (the first door to register wins, as its options do).
   */
  public static Analyzer listenTo(JavacTask task, Options options, String entryPoint) {
    WeakReference<Analyzer> ref = ACTIVE.get(task);
    Analyzer existing = ref == null ? null : ref.get();
    if (existing != null) {
      return existing;
    }
    Analyzer analyzer = new Analyzer(task, options, Rules.BODY_CHECKS, entryPoint);
    ACTIVE.put(task, new WeakReference<>(analyzer));
    analyzer.listen(task);
    return analyzer;
  }

  /** Analyses every top-level class of {@code task} once javac has attributed it. */
  public void listen(JavacTask task) {
    Analyzer analyzer = this;
    task.addTaskListener(
        new TaskListener() {
          @Override
          public void started(TaskEvent e) {}

          @Override
          public void finished(TaskEvent e) {
            if (e.getKind() == TaskEvent.Kind.PARSE || e.getKind() == TaskEvent.Kind.ENTER) {
              summaries.unit(e.getCompilationUnit());
            }
            if (e.getKind() == TaskEvent.Kind.ANALYZE && e.getTypeElement() != null) {
              analyzer.analyze(e.getCompilationUnit(), e.getTypeElement());
            }
            // The end of the whole compilation, after the last ANALYZE (a processor's last round
            // is too early: classes are analysed after processing ends).
            if (e.getKind() == TaskEvent.Kind.COMPILATION) {
              analyzer.writeSarif();
            }
          }
        });
  }

  /**
   * Writes the SARIF log, if one was asked for. A path that cannot be written gets one warning
   * naming it; the build goes on.
   */
  void writeSarif() {
    Sarif sarif = reporter.sarif();
    String file = reporter.options().sarifFile();
    if (sarif == null || file == null) {
      return;
    }
    try {
      sarif.write(Path.of(file));
    } catch (IOException | RuntimeException e) {
      if (!sarifWarned && lastUnit != null) {
        warn(Messages.sarifNotWritten(file, e), lastUnit, lastUnit);
      }
    } finally {
      lastUnit = null;
    }
  }

  /**
   * Tells at the first class, while javac still counts warnings, when the SARIF path cannot be
   * written (a missing parent is created, as the report would be). javac's Tree API can only place
   * a message at a tree, so it goes where the model problems go: on the first class checked.
   */
  private void probeSarifPath(Tree at, CompilationUnitTree unit) {
    String file = reporter.options().sarifFile();
    sarifProbed = true;
    if (reporter.sarif() == null || file == null) {
      return;
    }
    try {
      Path path = Path.of(file).toAbsolutePath();
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      boolean writable = Files.exists(path)
          ? Files.isRegularFile(path) && Files.isWritable(path)
          : path.getParent() == null || Files.isWritable(path.getParent());
      if (!writable) {
        throw new IOException(Files.exists(path) ? "not a writable file" : "directory not writable");
      }
    } catch (IOException | RuntimeException e) {
      sarifWarned = true;
      warn(Messages.sarifNotWritten(file, e), at, unit);
    }
  }

  private void warn(String message, Tree at, CompilationUnitTree unit) {
    try {
      trees.printMessage(javax.tools.Diagnostic.Kind.WARNING, message, at, unit);
    } catch (RuntimeException ignored) {
      // javac cannot print any more (it is closing down); nothing else can be done.
    }
  }

  public Reporter reporter() {
    return reporter;
  }

  /** Checks top-level class {@code type} of {@code unit}. Never throws. */
  public void analyze(CompilationUnitTree unit, TypeElement type) {
    TreePath classPath;
    try {
      classPath = trees.getPath(type);
      if (classPath == null || !(classPath.getLeaf() instanceof ClassTree)) {
        return;
      }
    } catch (RuntimeException | LinkageError e) {
      return;
    }
    try {
      Context ctx = new Context(trees, contracts, reporter, classPath.getCompilationUnit(), summaries);
      lastUnit = classPath.getCompilationUnit();
      if (!sarifProbed) {
        probeSarifPath(classPath.getLeaf(), classPath.getCompilationUnit());
      }
      if (!modelProblems.isEmpty()) {
        for (String problem : modelProblems) {
          trees.printMessage(javax.tools.Diagnostic.Kind.ERROR, Messages.modelProblem(problem), classPath.getLeaf(), classPath.getCompilationUnit());
        }
        modelProblems.clear();
      }
      if (!modelsChecked) {
        modelsChecked = true;
        for (String problem : contracts.modelProblems()) {
          trees.printMessage(javax.tools.Diagnostic.Kind.WARNING, Messages.modelMismatch(problem), classPath.getLeaf(), classPath.getCompilationUnit());
        }
      }
      guard(ctx, classPath, type.getSimpleName() + " (annotations)", () -> BadAnnotation.check(ctx, classPath));
      summaries.unit(classPath.getCompilationUnit());
      guard(ctx, classPath, type.getSimpleName() + " (method summaries)", () -> summaries.classReady(ctx, classPath, type));
      if (!guardBool(ctx, classPath, type.getSimpleName().toString(), () -> Rules.relevant(ctx, classPath))) {
        return;
      }
      List<TreePath> bodies = new ArrayList<>();
      collectBodies(classPath, bodies);
      for (TreePath body : bodies) {
        for (Rules.BodyCheck check : checks) {
          guard(ctx, body, describe(body), () -> check.check(ctx, body));
        }
      }
    } finally {
      reporter.flush();
    }
  }

  /** Methods, initializers and field initializers of {@code classPath} and its member classes. */
  private static void collectBodies(TreePath classPath, List<TreePath> out) {
    ClassTree cls = (ClassTree) classPath.getLeaf();
    for (Tree member : cls.getMembers()) {
      TreePath p = new TreePath(classPath, member);
      if (member instanceof MethodTree) {
        if (((MethodTree) member).getBody() != null) {
          out.add(p);
        }
      } else if (member instanceof BlockTree) {
        out.add(p);
      } else if (member instanceof VariableTree) {
        if (((VariableTree) member).getInitializer() != null) {
          out.add(p);
        }
      } else if (member instanceof ClassTree) {
        collectBodies(p, out);
      }
    }
  }

  /** {@code Class.method} for the crash message. */
  static String describe(TreePath body) {
    Tree leaf = body.getLeaf();
    String owner = "?";
    for (TreePath p = body.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        owner = ((ClassTree) p.getLeaf()).getSimpleName().toString();
        break;
      }
    }
    if (leaf instanceof MethodTree) {
      String name = ((MethodTree) leaf).getName().toString();
      return owner + "." + (name.equals("<init>") ? owner : name);
    }
    if (leaf instanceof VariableTree) {
      return owner + "." + ((VariableTree) leaf).getName();
    }
    if (leaf instanceof BlockTree) {
      return owner + "." + (((BlockTree) leaf).isStatic() ? "<clinit>" : "<init>");
    }
    return owner;
  }

  private interface BoolWork {
    boolean run();
  }

  private boolean guardBool(Context ctx, TreePath where, String name, BoolWork work) {
    boolean[] result = {true};
    guard(ctx, where, name, () -> result[0] = work.run());
    return result[0];
  }

  private void guard(Context ctx, TreePath where, String name, Runnable work) {
    try {
      work.run();
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
        throw (VirtualMachineError) t;
      }
      try {
        reporter.report(RuleId.INTERNAL_ERROR, where, Messages.internalError(name, t));
      } catch (RuntimeException ignored) {
        // Nothing sensible is left to do; the build must go on.
      }
    }
  }
}
