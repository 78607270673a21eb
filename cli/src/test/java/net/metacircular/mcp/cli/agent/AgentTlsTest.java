package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import net.metacircular.mcp.agent.api.TestCerts;
import org.junit.jupiter.api.Test;

/**
 * Which curves the CLI offers first: P-384 before P-256 unless a CA of {@code ca_cert} has a P-256
 * key, every group the JDK enables still offered (an agent without P-384 answers with a retry).
 */
class AgentTlsTest {
  @Test
  void p384MovesJustBeforeP256AndNothingElseMoves() {
    assertThat(
            AgentTls.p384BeforeP256(
                new String[] {
                  "x25519", "secp256r1", "secp384r1", "secp521r1", "x448", "ffdhe2048"
                }))
        .containsExactly("x25519", "secp384r1", "secp256r1", "secp521r1", "x448", "ffdhe2048");
    assertThat(AgentTls.p384BeforeP256(new String[] {"secp384r1", "x25519", "secp256r1"}))
        .containsExactly("secp384r1", "x25519", "secp256r1");
    // An administrator's jdk.tls.namedGroups without one of them: left as it is.
    assertThat(AgentTls.p384BeforeP256(new String[] {"x25519", "secp256r1"}))
        .containsExactly("x25519", "secp256r1");
  }

  @Test
  void onlyAP256KeyIsP256() {
    assertThat(AgentTls.p256(new TestCerts("secp256r1").certificate("a"))).isTrue();
    assertThat(AgentTls.p256(new TestCerts("secp384r1").certificate("a"))).isFalse();
  }
}
