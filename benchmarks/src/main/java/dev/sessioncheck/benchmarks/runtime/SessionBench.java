package dev.sessioncheck.benchmarks.runtime;

import dev.sessioncheck.runtime.CommitResult;
import dev.sessioncheck.runtime.LoadResult;
import dev.sessioncheck.runtime.RequestInfo;
import dev.sessioncheck.runtime.Session;
import dev.sessioncheck.runtime.SessionConfig;
import dev.sessioncheck.runtime.SessionManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request's session work with the in-memory store: {@code load} (verify the cookie, read and
 * decode the record) then {@code commit}. {@code unchanged} is a request that only reads the
 * session (the commit touches the record); {@code modified} changes one attribute (the commit
 * writes it back, merging into the stored JSON).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SessionBench {
  private SessionManager manager;
  private RequestInfo request;
  private int counter;

  @Setup
  public void setup() {
    manager = new SessionManager(SessionConfig.builder(Fixtures.SECRET).build());
    RequestInfo first = RequestInfo.ofCookies();
    LoadResult loaded = manager.load(first);
    if (!(loaded instanceof LoadResult.Loaded l)) {
      throw new IllegalStateException("load failed: " + loaded);
    }
    Session s = l.session();
    for (Map.Entry<String, Object> e : Fixtures.typicalRecord().attributes().entrySet()) {
      s.set(e.getKey(), e.getValue());
    }
    CommitResult c = manager.commit(l, first);
    if (!(c instanceof CommitResult.Committed done) || done.setCookieHeader().isEmpty()) {
      throw new IllegalStateException("no cookie after the first commit: " + c);
    }
    String setCookie = done.setCookieHeader().get();
    request = new RequestInfo(List.of(setCookie.substring(0, setCookie.indexOf(';'))), false, java.util.Optional.empty());
    if (!(manager.load(request) instanceof LoadResult.Loaded again) || again.session().isNew()) {
      throw new IllegalStateException("the cookie does not load the stored session");
    }
  }

  @TearDown
  public void close() {
    manager.close();
  }

  @Benchmark
  public CommitResult unchanged() {
    LoadResult loaded = manager.load(request);
    if (!(loaded instanceof LoadResult.Loaded l)) {
      throw new IllegalStateException(loaded.toString());
    }
    Object views = l.session().get("views");
    if (views == null) {
      throw new IllegalStateException("views missing");
    }
    return manager.commit(l, request);
  }

  @Benchmark
  public CommitResult modified() {
    LoadResult loaded = manager.load(request);
    if (!(loaded instanceof LoadResult.Loaded l)) {
      throw new IllegalStateException(loaded.toString());
    }
    l.session().set("views", ++counter);
    return manager.commit(l, request);
  }
}
