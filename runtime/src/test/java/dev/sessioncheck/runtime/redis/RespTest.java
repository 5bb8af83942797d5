package dev.sessioncheck.runtime.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RespTest {
  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void writesCommandsAsArraysOfBulkStrings() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Resp.write(out, List.of("SET".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8)));
    assertEquals("*2\r\n$3\r\nSET\r\n$2\r\né\r\n", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryReplyType() throws IOException {
    assertEquals("OK", Resp.read(in("+OK\r\n")));
    assertEquals(new Resp.ErrorReply("ERR wrong"), Resp.read(in("-ERR wrong\r\n")));
    assertEquals(42L, Resp.read(in(":42\r\n")));
    assertArrayEquals("a\r\nb".getBytes(StandardCharsets.UTF_8), (byte[]) Resp.read(in("$4\r\na\r\nb\r\n")));
    assertNull(Resp.read(in("$-1\r\n")));
    assertNull(Resp.read(in("*-1\r\n")));
    List<?> list = (List<?>) Resp.read(in("*3\r\n:1\r\n*1\r\n+x\r\n$0\r\n\r\n"));
    assertEquals(1L, list.get(0));
    assertEquals(List.of("x"), list.get(1));
    assertArrayEquals(new byte[0], (byte[]) list.get(2));
  }

  @Test
  void brokenStreamsAreIoErrors() {
    for (String broken : List.of("", "+OK", "+OK\rX", "$5\r\nab\r\n", ":x\r\n", "?\r\n",
        "$3\r\nabcXY", "*2\r\n:1\r\n", "$999999999999\r\n")) {
      assertThrows(IOException.class, () -> Resp.read(in(broken)), broken);
    }
  }
}
