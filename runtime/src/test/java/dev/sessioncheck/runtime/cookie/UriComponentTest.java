package dev.sessioncheck.runtime.cookie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UriComponentTest {

  @Test
  void encodesExactlyLikeEncodeUriComponent() {
    // Expected strings are what node -e 'encodeURIComponent(...)' prints.
    assertEquals("AZaz09-_.!~*'()", UriComponent.encode("AZaz09-_.!~*'()"));
    assertEquals("%3A%2B%2F%25%20%3D%3B%2C%22%5C%3F%23%26", UriComponent.encode(":+/% =;,\"\\?#&"));
    assertEquals("%C3%A9%E2%82%AC%F0%9F%98%80", UriComponent.encode("é€😀"));
  }

  @Test
  void refusesLoneSurrogatesAsJavaScriptDoes() {
    assertThrows(IllegalArgumentException.class, () -> UriComponent.encode("a\uD800b"));
    assertThrows(IllegalArgumentException.class, () -> UriComponent.encode("\uDC00"));
  }

  @Test
  void decodesAndRejectsLikeDecodeUriComponent() {
    assertEquals(Optional.of("s:é/+"), UriComponent.decode("s%3A%C3%A9%2f+"));
    assertEquals(Optional.of("plain"), UriComponent.decode("plain"));
    assertEquals(Optional.empty(), UriComponent.decode("%"));
    assertEquals(Optional.empty(), UriComponent.decode("%4"));
    assertEquals(Optional.empty(), UriComponent.decode("%GG"));
    assertEquals(Optional.empty(), UriComponent.decode("%C3"));
    assertEquals(Optional.empty(), UriComponent.decode("%C3x"));
    assertEquals(Optional.empty(), UriComponent.decode("%FF"));
    assertEquals(Optional.empty(), UriComponent.decode("%\uFF10\uFF10"), "full-width digits are not hex");
  }
}
