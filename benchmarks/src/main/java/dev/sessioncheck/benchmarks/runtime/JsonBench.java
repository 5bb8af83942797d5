package dev.sessioncheck.benchmarks.runtime;

import dev.sessioncheck.runtime.SessionRecord;
import dev.sessioncheck.runtime.StoreResult;
import dev.sessioncheck.runtime.json.SessionJson;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The stored form of a typical session ({@link Fixtures#typicalRecord()}): encode and decode. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBench {
  private SessionRecord record;
  private byte[] json;

  @Setup
  public void setup() {
    record = Fixtures.typicalRecord();
    json = SessionJson.write(record);
    if (!SessionJson.read(json).ok()) {
      throw new IllegalStateException("the fixture does not read back");
    }
  }

  @Benchmark
  public byte[] encode() {
    return SessionJson.write(record);
  }

  @Benchmark
  public StoreResult<SessionRecord> decode() {
    return SessionJson.read(json);
  }
}
