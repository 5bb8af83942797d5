package dev.sessioncheck.benchmarks.checker;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The scaling input (issue 8 item 3): one method of about {@code --lines} lines, made of
 * repeated blocks of nested loops around a {@code try} around a {@code switch}, each block
 * saving, reloading, reading and writing the session. Every block also leaves one checked result
 * variable in the method's scope, so the number of tracked variables grows with the method: that
 * is what makes a per-statement cost proportional to the state size show up as a bend in the
 * curve.
 *
 * <p>Besides {@code bench.scaling.Big} it writes {@code --warm} smaller classes
 * ({@code Warm0}, ...) that come first on the command line: javac analyses classes in that order,
 * so the checker's classes are loaded and JIT-compiled before {@code Big}, whose time alone is
 * reported.
 *
 * <pre>
 * ScalingGenerator --out DIR --lines N [--warm 3] [--warm-lines 1000] [--scoped false] [--classpath PATH|@FILE]
 * </pre>
 */
public final class ScalingGenerator {
  private static final String RT = "dev.sessioncheck.runtime";
  /** Lines per block as generated below; kept in step with {@link #block}. */
  private static final int BLOCK_LINES = 38;
  /** With {@code --scoped true} each block is its own {@code { }} scope: its variables die with it. */
  private static boolean scoped;

  public static void main(String[] argv) throws IOException {
    var opts = Args.parse(argv);
    Path out = Path.of(Args.one(opts, "out", null)).toAbsolutePath();
    int lines = Integer.parseInt(Args.one(opts, "lines", null));
    int warm = Integer.parseInt(Args.one(opts, "warm", "3"));
    int warmLines = Integer.parseInt(Args.one(opts, "warm-lines", "1000"));
    String classpath = Args.path(Args.one(opts, "classpath", ""));
    scoped = Boolean.parseBoolean(Args.one(opts, "scoped", "false"));
    Path src = out.resolve("src");
    Javac.deleteTree(src);
    List<String> files = new ArrayList<>();
    for (int w = 0; w < warm; w++) {
      files.add(write(src, "Warm" + w, warmLines).toString());
    }
    Path big = write(src, "Big", lines);
    files.add(big.toString());
    Files.write(out.resolve("files.txt"), files, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("classpath.txt"), classpath + "\n", StandardCharsets.UTF_8);
    long methodLines = methodLines(Files.readString(big, StandardCharsets.UTF_8));
    Files.writeString(out.resolve("stats.txt"), "lines=" + methodLines + "\n", StandardCharsets.UTF_8);
    System.out.println("scaling: bench.scaling.Big.run has " + methodLines + " lines (" + out + ")");
  }

  private static Path write(Path src, String name, int lines) throws IOException {
    int blocks = Math.max(1, (lines - 12) / BLOCK_LINES);
    CodeBlock.Builder body = CodeBlock.builder()
        .addStatement("$T loaded = manager.load(request)", ClassName.get(RT, "LoadResult"))
        .beginControlFlow("if (!(loaded instanceof $T.Loaded l))", ClassName.get(RT, "LoadResult"))
        .addStatement("return -1")
        .endControlFlow()
        .addStatement("$T s = l.session()", ClassName.get(RT, "Session"))
        .addStatement("int acc = 0");
    for (int b = 0; b < blocks; b++) {
      if (scoped) {
        body.add("{\n").indent().add(block(b)).unindent().add("}\n");
      } else {
        body.add(block(b));
      }
    }
    body.addStatement("$T c = manager.commit(l, request)", ClassName.get(RT, "CommitResult"))
        .addStatement("return c instanceof $T.Committed ? acc : -acc", ClassName.get(RT, "CommitResult"));
    TypeSpec type = TypeSpec.classBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addMethod(MethodSpec.methodBuilder("run").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(TypeName.INT)
            .addParameter(ClassName.get(RT, "SessionManager"), "manager")
            .addParameter(ClassName.get(RT, "RequestInfo"), "request")
            .addParameter(TypeName.INT, "n")
            .addCode(body.build())
            .build())
        .build();
    JavaFile file = JavaFile.builder("bench.scaling", type).build();
    file.writeTo(src);
    return src.resolve("bench/scaling/" + name + ".java");
  }

  private static CodeBlock block(int b) {
    ClassName save = ClassName.get(RT, "SaveResult");
    ClassName reload = ClassName.get(RT, "ReloadResult");
    return CodeBlock.builder()
        .add("// block $L\n", b)
        .addStatement("$T keep$L = s.save()", save, b)
        .beginControlFlow("for (int i$1L = 0; i$1L < n; i$1L++)", b)
        .beginControlFlow("for (int j$1L = 0; j$1L < i$1L; j$1L++)", b)
        .beginControlFlow("try")
        .beginControlFlow("switch ((i$1L + j$1L) % 4)", b)
        .add("case 0:\n").indent()
        .addStatement("s.set($S, j$L)", "a" + b, b)
        .addStatement("break").unindent()
        .add("case 1: {\n").indent()
        .addStatement("$T r = s.save()", save)
        .beginControlFlow("if (!r.ok())")
        .addStatement("acc++")
        .endControlFlow()
        .addStatement("break").unindent()
        .add("}\n")
        .add("case 2:\n").indent()
        .addStatement("acc += s.has($S) ? 1 : 0", "a" + b)
        .addStatement("break").unindent()
        .add("default: {\n").indent()
        .addStatement("$T rr = s.reload()", reload)
        .beginControlFlow("if (rr.notFound())")
        .addStatement("acc--")
        .endControlFlow().unindent()
        .add("}\n")
        .endControlFlow()
        .nextControlFlow("catch ($T e$L)", IllegalStateException.class, b)
        .addStatement("acc += e$L.getMessage().length()", b)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("if (keep$1L instanceof $2T.Failed f$1L)", b, save)
        .addStatement("acc += f$L.error().kind().ordinal()", b)
        .nextControlFlow("else if (acc > $L)", 1000 + b)
        .addStatement("s.remove($S)", "a" + b)
        .endControlFlow()
        .build();
  }

  /** Lines from the method's opening line to its closing brace. */
  static long methodLines(String text) {
    List<String> all = text.lines().toList();
    int start = -1;
    int end = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains(" run(")) {
        start = i;
      }
      if (all.get(i).equals("  }")) {
        end = i;
      }
    }
    return end - start + 1;
  }
}
