package dev.sessioncheck.runtime.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CookieHeaderTest {

  @Test
  void findsEveryValueOfTheNameInOrder() {
    List<String> headers = Arrays.asList(
        "a=1; connect.sid=first;b=2", null, " connect.sid = \"second\" ;noequals; connect.sidx=no",
        "connect.sid=");
    assertEquals(List.of("first", "second", ""), CookieHeader.values(headers, "connect.sid"));
    assertEquals(List.of(), CookieHeader.values(List.of("x=1"), "connect.sid"));
  }

  @Test
  void keepsValuesUndecoded() {
    assertEquals(List.of("s%3Aa.b=c"), CookieHeader.values(List.of("n=s%3Aa.b=c"), "n"));
  }

  @Test
  void formatsSetCookieLikeTheCookieModule() {
    SetCookie c = new SetCookie("connect.sid", "v", Optional.of("example.com"), Optional.of("/"),
        Optional.of(Instant.parse("2026-01-02T03:04:05.678Z")), true, true, Optional.of("Lax"),
        true, Optional.of("High"));
    assertEquals("connect.sid=v; Domain=example.com; Path=/; Expires=Fri, 02 Jan 2026 03:04:05 GMT;"
        + " HttpOnly; Partitioned; Priority=High; SameSite=Lax; Secure", c.format());
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", SetCookie.httpDate(Instant.EPOCH));
  }
}
