package dev.sessioncheck.runtime.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectors of shared/data/express-cookie-vectors.md (cookie-signature and express-session tests). */
class CookieSignerTest {

  @Test
  void signsWithStringSecretLikeCookieSignature() {
    assertEquals("hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI",
        CookieSigner.sign("hello", "tobiiscool"));
  }

  @Test
  void signsWithByteSecretLikeCookieSignature() {
    byte[] key = {(byte) 0xA0, (byte) 0xAB, (byte) 0xBC, (byte) 0x0C};
    assertEquals("hello.hIvljrKw5oOZtHHSq5u+MlL27cgnPKX77y7F+x5r1to",
        CookieSigner.sign("hello", key));
    assertEquals(Optional.of("hello"),
        CookieSigner.unsign("hello.hIvljrKw5oOZtHHSq5u+MlL27cgnPKX77y7F+x5r1to", key));
  }

  @Test
  void unsignsWithTheRightSecretOnly() {
    String signed = CookieSigner.sign("hello", "tobiiscool");
    assertEquals(Optional.of("hello"), CookieSigner.unsign(signed, "tobiiscool"));
    assertEquals(Optional.empty(), CookieSigner.unsign(signed, "luna"));
  }

  @Test
  void rejectsTheFiveTamperedForms() {
    String secret = "actual sekrit password";
    String v = CookieSigner.sign("real data", secret);
    assertEquals(Optional.of("real data"), CookieSigner.unsign(v, secret));
    for (String x : List.of("fake unsigned data", "garbage" + v, "garbage." + v, v + ".garbage",
        v + "garbage")) {
      assertEquals(Optional.empty(), CookieSigner.unsign(x, secret), x);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "apple, s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU",
      "%, s%3A%25.kzQ6x52kKVdF35Qh62AWk4ZekS28K5XYCXKa%2FOTZ01g",
      "/foo, s%3A%2Ffoo.paEKBtAHbV5s1IB8B2zPnzAgYmmnRPIqObW4VRYj%2FMQ",
  })
  void expressSessionCookieValues(String id, String wire) {
    CookieSigner signer = CookieSigner.ofSecrets(List.of("keyboard cat"));
    assertEquals(wire, signer.cookieValue(id));
    assertEquals(Optional.of(id), signer.sessionId(wire));
  }

  @Test
  void rotationSignsWithTheFirstAndAcceptsAll() {
    CookieSigner both = CookieSigner.ofSecrets(List.of("keyboard cat", "nyan cat"));
    CookieSigner nyanOnly = CookieSigner.ofSecrets(List.of("nyan cat"));
    CookieSigner keyboardOnly = CookieSigner.ofSecrets(List.of("keyboard cat"));

    String minted = both.cookieValue("apple");
    assertEquals(keyboardOnly.cookieValue("apple"), minted);
    assertEquals(Optional.empty(), nyanOnly.sessionId(minted));
    assertEquals(Optional.of("apple"), both.sessionId(nyanOnly.cookieValue("apple")));
  }

  @Test
  void acceptsAnUnencodedValueAsCookieParseWouldHaveDecodedIt() {
    CookieSigner signer = CookieSigner.ofSecrets(List.of("keyboard cat"));
    String plain = "s:" + CookieSigner.sign("apple", "keyboard cat");
    assertEquals(Optional.of("apple"), signer.sessionId(plain));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "s:", "s:.", "apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU",
      "s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCV",
      "s%3Aapple", "s%3Aapple.", "%E0%A4%A", "s%3Aapple.D8Y%ZZ", "s%3A%FF.x",
      "s:apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU=",
  })
  void rejectsMalformedAndTamperedCookieValues(String raw) {
    CookieSigner signer = CookieSigner.ofSecrets(List.of("keyboard cat"));
    assertEquals(Optional.empty(), signer.sessionId(raw));
  }

  @Test
  void idsContainingDotsSplitAtTheLastDot() {
    CookieSigner signer = CookieSigner.ofSecrets(List.of("keyboard cat"));
    String wire = signer.cookieValue("a.b.c");
    assertEquals(Optional.of("a.b.c"), signer.sessionId(wire));
    assertTrue(wire.startsWith("s%3Aa.b.c."), wire);
  }
}
