package dev.jubjub.serve;

import static dev.jubjub.serve.Negotiation.HTML;
import static dev.jubjub.serve.Negotiation.HTML_V1;
import static dev.jubjub.serve.Negotiation.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiationTest {
  static final List<String> ALL = List.of(HTML, HTML_V1, JSON);

  @Test
  void pipsDefaultAcceptGetsJson() {
    String pip = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    assertThat(Negotiation.choose(pip, ALL)).contains(JSON);
    assertThat(Negotiation.choose(pip, List.of(HTML, HTML_V1))).contains(HTML_V1);
  }

  @Test
  void noAcceptOrAWildcardGetsHtmlForOldClients() {
    assertThat(Negotiation.choose(null, ALL)).contains(HTML);
    assertThat(Negotiation.choose("text/html", ALL)).contains(HTML);
    assertThat(Negotiation.choose("*/*", ALL)).contains(HTML);
  }

  @Test
  void latestAliasAndQualityValuesAreHonoured() {
    assertThat(Negotiation.choose("application/vnd.pypi.simple.latest+json", ALL)).contains(JSON);
    assertThat(Negotiation.choose("application/vnd.pypi.simple.v1+json;q=0.2, text/html;q=0.9", ALL)).contains(HTML);
    assertThat(Negotiation.choose("*/*;q=0.1, application/vnd.pypi.simple.v1+json;q=0", ALL)).contains(HTML);
  }

  @Test
  void nothingAcceptableIsEmpty() {
    assertThat(Negotiation.choose("application/xml", ALL)).isEmpty();
    assertThat(Negotiation.choose("application/vnd.pypi.simple.v1+json", List.of(HTML, HTML_V1))).isEmpty();
    assertThat(Negotiation.choose("garbage", ALL)).isEmpty();
  }

  @Test
  void malformedAcceptHeadersAreIgnoredNotFatal() {
    for (String accept : new String[] {";", ",", ";;", " ; , ;", "/", "text", "*/*;q=", "text/html;q=x"}) {
      Negotiation.choose(accept, List.of(Negotiation.JSON, Negotiation.HTML));
    }
    assertThat(Negotiation.choose(";, text/html", List.of(Negotiation.JSON, Negotiation.HTML))).contains(Negotiation.HTML);
  }

  @Test
  void anUnreadableQualityRefusesInBothHeaders() {
    assertThat(Negotiation.choose("application/vnd.pypi.simple.v1+json;q=NaN", List.of(Negotiation.JSON))).isEmpty();
    assertThat(Negotiation.zeroQuality("q=NaN")).isTrue();
    assertThat(Negotiation.zeroQuality("q=x")).isTrue();
    assertThat(Negotiation.zeroQuality("q=0.001")).isFalse();
    assertThat(Negotiation.zeroQuality("level=1")).isFalse();
  }
}
