package dev.sessioncheck.processor.differential;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.sessioncheck.processor.differential.Program.Alias;
import dev.sessioncheck.processor.differential.Program.Block;
import dev.sessioncheck.processor.differential.Program.Case;
import dev.sessioncheck.processor.differential.Program.Cond;
import dev.sessioncheck.processor.differential.Program.End;
import dev.sessioncheck.processor.differential.Program.If;
import dev.sessioncheck.processor.differential.Program.Jump;
import dev.sessioncheck.processor.differential.Program.Labeled;
import dev.sessioncheck.processor.differential.Program.Loop;
import dev.sessioncheck.processor.differential.Program.Produce;
import dev.sessioncheck.processor.differential.Program.Regenerate;
import dev.sessioncheck.processor.differential.Program.Stmt;
import dev.sessioncheck.processor.differential.Program.Switch;
import dev.sessioncheck.processor.differential.Program.Try;
import dev.sessioncheck.processor.differential.Program.Use;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Writes programs as Java with JavaPoet: one class per batch, one method per program, against the
 * test stub API ({@code api.Session}, {@code api.Result}, {@code api.Sessions}, {@code api.Callback}).
 * Every node's line ends with {@code // @<program>:<id>}; {@link #lines} reads them back.
 */
final class Renderer {
  private Renderer() {}

  /** The id a do-while's condition line carries (the condition sits on the closing line). */
  static final int DO_COND = 1_000_000;

  static final String PACKAGE = "gen";
  private static final ClassName SESSION = ClassName.get("api", "Session");
  private static final ClassName RESULT = ClassName.get("api", "Result");
  private static final ClassName SESSIONS = ClassName.get("api", "Sessions");
  private static final ClassName CALLBACK = ClassName.get("api", "Callback");
  private static final ClassName OBJECTS = ClassName.get(Objects.class);
  private static final Pattern MARK = Pattern.compile("// @(\\d+):(\\d+)$");

  static String render(String className, List<Program> programs) {
    TypeSpec.Builder type = TypeSpec.classBuilder(className);
    for (Program p : programs) {
      type.addMethod(method(p));
    }
    return JavaFile.builder(PACKAGE, type.build()).skipJavaLangImports(true).indent("  ").build().toString();
  }

  static String render(Program p) {
    return render("Repro", List.of(p));
  }

  private static MethodSpec method(Program p) {
    CodeBlock.Builder b = CodeBlock.builder();
    new Writer(p.index, b).block(p.body);
    return MethodSpec.methodBuilder("p" + p.index)
        .addParameter(SESSION, "s0")
        .addParameter(SESSION, "s1")
        .addParameter(CALLBACK, "cb")
        .addParameter(TypeName.BOOLEAN, "c0")
        .addParameter(TypeName.BOOLEAN, "c1")
        .addParameter(TypeName.BOOLEAN, "c2")
        .addParameter(TypeName.INT, "k")
        .addCode(b.build())
        .build();
  }

  /** Line of each marked node: key {@code program * 2^32 + id}. */
  static Map<Long, Long> lines(String source) {
    Map<Long, Long> out = new HashMap<>();
    String[] ls = source.split("\n", -1);
    for (int i = 0; i < ls.length; i++) {
      Matcher m = MARK.matcher(ls[i]);
      if (m.find()) {
        out.put(key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), (long) i + 1);
      }
    }
    return out;
  }

  static long key(int program, int id) {
    return ((long) program << 32) | id;
  }

  private static final class Writer {
    final int program;
    final CodeBlock.Builder b;

    Writer(int program, CodeBlock.Builder b) {
      this.program = program;
      this.b = b;
    }

    String mark(int id) {
      return " // @" + program + ":" + id + "\n";
    }

    void block(Block block) {
      for (Stmt s : block.stmts) {
        stmt(s);
      }
    }

    void open(String head, int id, Object... args) {
      b.add(head + " {" + mark(id), args);
      b.indent();
    }

    void close() {
      b.unindent();
      b.add("}\n");
    }

    String cond(Cond c) {
      if (c.param() >= 0) {
        return "c" + c.param();
      }
      if (c.okVar() != null) {
        return c.okVar() + ".ok()";
      }
      return c.left() + " == " + c.right();
    }

    String label(String l) {
      return l == null ? "" : l + ": ";
    }

    void stmt(Stmt s) {
      if (s instanceof Use u) {
        if (u.kind == Program.UseKind.OBJECTS_HASH) {
          b.add("$T.hashCode($L);" + mark(u.id), OBJECTS, u.var);
        } else {
          b.add("$L.$L;" + mark(u.id), u.var, u.kind.call);
        }
      } else if (s instanceof End e) {
        switch (e.kind) {
          case DESTROY_CB -> b.add("$L.destroy(cb);" + mark(e.id), e.var);
          case RELEASE -> b.add("$T.release($L);" + mark(e.id), SESSIONS, e.var);
          case DESTROY_DISCARD -> b.add("$L.destroy();" + mark(e.id), e.var);
          case REGENERATE_DISCARD -> b.add("$L.regenerate();" + mark(e.id), e.var);
          case SAVE_DISCARD -> b.add("$L.save();" + mark(e.id), e.var);
        }
      } else if (s instanceof Produce pr) {
        String call = pr.recv + (pr.destroy ? ".destroy()" : ".save()");
        if (pr.declare) {
          b.add("$T $L = $L;" + mark(pr.id), RESULT, pr.name, call);
        } else {
          b.add("$L = $L;" + mark(pr.id), pr.name, call);
        }
      } else if (s instanceof Regenerate r) {
        b.add("$T $L = $L.regenerate();" + mark(r.id), SESSION, r.name, r.recv);
      } else if (s instanceof Alias a) {
        b.add("$T $L = $L;" + mark(a.id), a.session ? SESSION : RESULT, a.name, a.src);
      } else if (s instanceof Jump j) {
        String what = switch (j.kind) {
          case RETURN -> "return";
          case THROW -> "throw new RuntimeException()";
          case BREAK -> j.label == null ? "break" : "break " + j.label;
          case CONTINUE -> j.label == null ? "continue" : "continue " + j.label;
        };
        b.add("if (c$L) $L;" + mark(j.id), j.cond, what);
      } else if (s instanceof If i) {
        open("if ($L)", i.id, cond(i.cond));
        block(i.then);
        if (i.otherwise != null) {
          b.unindent();
          b.add("} else {\n");
          b.indent();
          block(i.otherwise);
        }
        close();
      } else if (s instanceof Loop l) {
        switch (l.kind) {
          case WHILE -> {
            open(label(l.label) + "while ($L)", l.id, cond(l.cond));
            block(l.body);
            close();
          }
          case FOR -> {
            String iv = "i" + l.id;
            open(label(l.label) + "for (int $L = 0; $L < k; $L++)", l.id, iv, iv, iv);
            block(l.body);
            close();
          }
          case DO -> {
            open(label(l.label) + "do", l.id);
            block(l.body);
            b.unindent();
            b.add("} while ($L);" + mark(l.id + DO_COND), cond(l.cond));
          }
        }
      } else if (s instanceof Labeled lb) {
        open(lb.label + ":", lb.id);
        block(lb.body);
        close();
      } else if (s instanceof Switch sw) {
        open("switch (k)", sw.id);
        for (Case c : sw.cases) {
          String head = c.value() == null ? "default" : "case " + c.value();
          if (sw.arrow) {
            b.add(head + " -> {\n");
          } else {
            b.add(head + ": {\n");
          }
          b.indent();
          block(c.body());
          b.unindent();
          b.add("}\n");
          if (!sw.arrow && c.breakAfter()) {
            b.add("break;\n");
          }
        }
        close();
      } else if (s instanceof Try t) {
        open("try", t.id);
        block(t.body);
        if (t.handler != null) {
          b.unindent();
          b.add("} catch ($T e$L) {\n", RuntimeException.class, t.id);
          b.indent();
          block(t.handler);
        }
        if (t.fin != null) {
          b.unindent();
          b.add("} finally {\n");
          b.indent();
          block(t.fin);
        }
        close();
      } else {
        throw new AssertionError(s);
      }
    }
  }
}
