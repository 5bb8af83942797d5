package dev.sessioncheck.benchmarks.checker;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.lang.model.element.Modifier;

/**
 * The session-heavy corpus (issue 8 item 2): {@code --classes} handler classes of {@code --methods}
 * methods each, every method driving the runtime's API (load, attributes, save, destroy,
 * regenerate, reload, commit; result and callback forms) through the control flow such handlers
 * have: guards and early returns, pattern tests on the sealed results, loops, retries, switch,
 * try/finally, lambdas. Every result is checked, so the corpus compiles without a finding and the
 * checker does its full work on every method. Deterministic for a given seed.
 *
 * <pre>
 * CorpusGenerator --out DIR [--classes 500] [--methods 6] [--seed 8] [--classpath PATH|@FILE]
 * </pre>
 *
 * Writes {@code DIR/src/...}, {@code DIR/files.txt} and {@code DIR/classpath.txt} (the project
 * layout {@link CompileBench} reads) and prints the number of classes and lines.
 */
public final class CorpusGenerator {
  private static final String RT = "dev.sessioncheck.runtime";

  /** Named arguments every template may use. */
  private static final Map<String, Object> TYPES = new HashMap<>();

  static {
    TYPES.put("session", ClassName.get(RT, "Session"));
    TYPES.put("manager", ClassName.get(RT, "SessionManager"));
    TYPES.put("request", ClassName.get(RT, "RequestInfo"));
    TYPES.put("load", ClassName.get(RT, "LoadResult"));
    TYPES.put("commit", ClassName.get(RT, "CommitResult"));
    TYPES.put("save", ClassName.get(RT, "SaveResult"));
    TYPES.put("destroy", ClassName.get(RT, "DestroyResult"));
    TYPES.put("regen", ClassName.get(RT, "RegenerateResult"));
    TYPES.put("reload", ClassName.get(RT, "ReloadResult"));
    TYPES.put("carry", ClassName.get(RT, "Carry"));
    TYPES.put("storeError", ClassName.get(RT, "StoreError"));
    TYPES.put("optional", ClassName.get("java.util", "Optional"));
    TYPES.put("list", ClassName.get("java.util", "List"));
    TYPES.put("arrayList", ClassName.get("java.util", "ArrayList"));
  }

  /** Method bodies; {@code $n:L} is a per-method number, {@code $a:S}/{@code $b:S} attribute names. */
  private static final List<Template> TEMPLATES = List.of(
      new Template("login", TypeName.get(String.class), ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  failures++;\n"
          + "  return \"503\";\n"
          + "}\n"
          + "$session:T session = l.session();\n"
          + "if (user == null || user.isBlank() || user.length() > $n:L) {\n"
          + "  $commit:T rejected = manager.commit(l, request);\n"
          + "  return rejected instanceof $commit:T.Failed ? \"503\" : \"400\";\n"
          + "}\n"
          + "$regen:T regenerated = session.regenerate($carry:T.DROP_DATA);\n"
          + "if (!(regenerated instanceof $regen:T.Regenerated ok)) {\n"
          + "  audit.add(\"login failed: \" + regenerated.failure().map(e -> e.kind().name()).orElse(\"?\"));\n"
          + "  return \"503\";\n"
          + "}\n"
          + "$session:T fresh = ok.session();\n"
          + "fresh.set($a:S, user);\n"
          + "fresh.set($b:S, $n:L);\n"
          + "$commit:T done = manager.commit(l, request);\n"
          + "if (done instanceof $commit:T.Committed c) {\n"
          + "  return c.setCookieHeader().orElse(\"\");\n"
          + "}\n"
          + "return \"503\";\n"),
      new Template("views", TypeName.INT, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (loaded instanceof $load:T.Failed f) {\n"
          + "  audit.add(f.error().message());\n"
          + "  return -1;\n"
          + "}\n"
          + "$load:T.Loaded l = ($load:T.Loaded) loaded;\n"
          + "$session:T s = l.session();\n"
          + "int views = s.get($a:S, Number.class).map(Number::intValue).orElse(0);\n"
          + "for (int i = 0; i < $n:L % 7 + 2; i++) {\n"
          + "  if (s.has(\"k\" + i)) {\n"
          + "    views += i;\n"
          + "  } else if (i % 3 == 0) {\n"
          + "    continue;\n"
          + "  }\n"
          + "  s.set(\"k\" + i, views);\n"
          + "}\n"
          + "s.set($a:S, views + 1);\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Failed ? -2 : views;\n"),
      new Template("logout", TypeName.BOOLEAN, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return false;\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "if (s.isNew()) {\n"
          + "  $commit:T c = manager.commit(l, request);\n"
          + "  return c instanceof $commit:T.Committed;\n"
          + "}\n"
          + "String who = s.get($a:S, String.class).orElse(\"anonymous\");\n"
          + "$destroy:T d = s.destroy();\n"
          + "if (d instanceof $destroy:T.Failed failed) {\n"
          + "  audit.add(who + \" logout failed: \" + failed.error().kind());\n"
          + "  failures++;\n"
          + "}\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Committed && d.ok();\n"),
      new Template("remember", TypeName.VOID, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (loaded instanceof $load:T.Loaded l) {\n"
          + "  $session:T s = l.session();\n"
          + "  s.set($a:S, user);\n"
          + "  s.save(error -> {\n"
          + "    if (error != null) {\n"
          + "      audit.add(\"save failed: \" + error.kind());\n"
          + "    }\n"
          + "  });\n"
          + "  $commit:T c = manager.commit(l, request);\n"
          + "  if (c instanceof $commit:T.Failed f) {\n"
          + "    audit.add(f.error().message());\n"
          + "  }\n"
          + "} else {\n"
          + "  failures++;\n"
          + "}\n"),
      new Template("refresh", TypeName.get(String.class), ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return \"unavailable\";\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "$reload:T r = s.reload();\n"
          + "String answer;\n"
          + "if (r.ok()) {\n"
          + "  answer = s.get($a:S, String.class).orElse(\"none\");\n"
          + "} else if (r.notFound()) {\n"
          + "  answer = \"gone\";\n"
          + "} else {\n"
          + "  answer = r.failure().map($storeError:T::message).orElse(\"?\");\n"
          + "}\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Committed ? answer : \"503\";\n"),
      new Template("cleanup", TypeName.INT, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return 0;\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "int removed = 0;\n"
          + "try {\n"
          + "  for (String name : new $arrayList:T<>(s.attributeNames())) {\n"
          + "    if (name.startsWith(\"tmp\") || name.length() > $n:L) {\n"
          + "      s.remove(name);\n"
          + "      removed++;\n"
          + "    }\n"
          + "  }\n"
          + "} finally {\n"
          + "  $save:T saved = s.save();\n"
          + "  if (saved instanceof $save:T.Failed f) {\n"
          + "    audit.add(\"cleanup not saved: \" + f.error().kind());\n"
          + "  }\n"
          + "}\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Failed ? -removed : removed;\n"),
      new Template("action", TypeName.get(String.class), ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return \"503\";\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "String result;\n"
          + "switch (user == null ? \"\" : user) {\n"
          + "  case \"touch\":\n"
          + "    s.touch();\n"
          + "    result = \"touched\";\n"
          + "    break;\n"
          + "  case \"forget\":\n"
          + "    s.remove($a:S);\n"
          + "    // fall through: forgetting also counts as a visit\n"
          + "  case \"visit\":\n"
          + "    s.set($b:S, s.get($b:S, Number.class).map(Number::intValue).orElse(0) + 1);\n"
          + "    result = \"visited\";\n"
          + "    break;\n"
          + "  case \"end\": {\n"
          + "    $destroy:T d = s.destroy();\n"
          + "    result = d.ok() ? \"ended\" : \"not ended\";\n"
          + "    break;\n"
          + "  }\n"
          + "  default:\n"
          + "    result = \"unknown \" + $n:L;\n"
          + "}\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Committed ? result : \"503\";\n"),
      new Template("rotate", TypeName.BOOLEAN, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return false;\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "boolean[] rotated = {false};\n"
          + "s.regenerate($carry:T.KEEP_DATA, (error, next) -> {\n"
          + "  if (error == null) {\n"
          + "    next.set($a:S, $n:L);\n"
          + "    rotated[0] = true;\n"
          + "  } else {\n"
          + "    audit.add(\"rotate failed: \" + error.kind());\n"
          + "  }\n"
          + "});\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "return c instanceof $commit:T.Committed && rotated[0];\n"),
      new Template("retry", TypeName.INT, ""
          + "$load:T loaded = manager.load(request);\n"
          + "if (!(loaded instanceof $load:T.Loaded l)) {\n"
          + "  return -1;\n"
          + "}\n"
          + "$session:T s = l.session();\n"
          + "s.set($a:S, user);\n"
          + "int attempts = 0;\n"
          + "$save:T saved = s.save();\n"
          + "while (!saved.ok() && attempts < $n:L % 3 + 2) {\n"
          + "  attempts++;\n"
          + "  saved = s.save();\n"
          + "}\n"
          + "$list:T<String> names = new $arrayList:T<>();\n"
          + "s.attributeNames().forEach(name -> names.add(name.toUpperCase()));\n"
          + "$commit:T c = manager.commit(l, request);\n"
          + "if (c instanceof $commit:T.Failed f) {\n"
          + "  audit.add(names + \": \" + f.error().kind());\n"
          + "  return -attempts;\n"
          + "}\n"
          + "return attempts;\n"));

  record Template(String name, TypeName returns, String body) {}

  public static void main(String[] argv) throws IOException {
    Map<String, List<String>> opts = Args.parse(argv);
    Path out = Path.of(Args.one(opts, "out", null));
    int classes = Integer.parseInt(Args.one(opts, "classes", "500"));
    int methods = Integer.parseInt(Args.one(opts, "methods", "6"));
    long seed = Long.parseLong(Args.one(opts, "seed", "8"));
    String classpath = Args.path(Args.one(opts, "classpath", ""));
    Random random = new Random(seed);
    Path src = out.resolve("src");
    Javac.deleteTree(src);
    List<String> files = new ArrayList<>();
    long lines = 0;
    for (int i = 0; i < classes; i++) {
      String pkg = String.format("bench.corpus.g%02d", i / 50);
      TypeSpec type = handler(String.format("Handler%04d", i), methods, random);
      JavaFile file = JavaFile.builder(pkg, type).skipJavaLangImports(true).build();
      file.writeTo(src);
      String text = file.toString();
      lines += text.lines().count();
      files.add("src/" + pkg.replace('.', '/') + "/" + type.name + ".java");
    }
    Files.write(out.resolve("files.txt"), files, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("classpath.txt"), classpath + "\n", StandardCharsets.UTF_8);
    Files.writeString(out.resolve("stats.txt"), "classes=" + classes + "\nlines=" + lines + "\n", StandardCharsets.UTF_8);
    System.out.println("corpus: " + classes + " classes, " + (classes * methods) + " methods, " + lines + " lines in " + src);
  }

  static TypeSpec handler(String name, int methods, Random random) {
    TypeSpec.Builder t = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Generated by $T: handlers driving the session runtime.\n", CorpusGenerator.class)
        .addField(FieldSpec.builder(ClassName.get(RT, "SessionManager"), "manager", Modifier.PRIVATE, Modifier.FINAL).build())
        .addField(FieldSpec.builder(ParameterizedTypeName.get(List.class, String.class), "audit", Modifier.PRIVATE, Modifier.FINAL)
            .initializer("new $T<>()", ArrayList.class).build())
        .addField(FieldSpec.builder(TypeName.INT, "failures", Modifier.PRIVATE).build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
            .addParameter(ClassName.get(RT, "SessionManager"), "manager")
            .addStatement("this.manager = manager").build())
        .addMethod(MethodSpec.methodBuilder("audit").addModifiers(Modifier.PUBLIC)
            .returns(ParameterizedTypeName.get(List.class, String.class))
            .addStatement("return $T.copyOf(audit)", List.class).build());
    for (int m = 0; m < methods; m++) {
      Template tpl = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
      Map<String, Object> args = new HashMap<>(TYPES);
      args.put("n", 8 + random.nextInt(120));
      args.put("a", "attr" + random.nextInt(40));
      args.put("b", "count" + random.nextInt(40));
      t.addMethod(MethodSpec.methodBuilder(tpl.name() + m)
          .addModifiers(Modifier.PUBLIC)
          .returns(tpl.returns())
          .addParameter(ClassName.get(RT, "RequestInfo"), "request")
          .addParameter(String.class, "user")
          .addCode(CodeBlock.builder().addNamed(tpl.body(), args).build())
          .build());
    }
    return t.build();
  }
}
