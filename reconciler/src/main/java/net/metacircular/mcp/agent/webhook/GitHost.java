package net.metacircular.mcp.agent.webhook;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The git hosts whose webhooks the agent accepts, and how each proves a delivery is from it: GitHub
 * and Gitea/Forgejo sign the raw body with HMAC-SHA256 of the shared secret; GitLab sends the
 * secret itself as a token. Every comparison takes the same time whatever matches, so a caller
 * cannot find a signature byte by byte.
 */
enum GitHost {
  GITHUB("GitHub", "X-Hub-Signature-256", "X-GitHub-Event"),
  FORGEJO("Forgejo", "X-Forgejo-Signature", "X-Forgejo-Event"),
  GITEA("Gitea", "X-Gitea-Signature", "X-Gitea-Event"),
  GITLAB("GitLab", "X-Gitlab-Token", "X-Gitlab-Event");

  private static final String GITHUB_PREFIX = "sha256=";

  final String displayName;
  final String proofHeader;
  final String eventHeader;

  GitHost(String displayName, String proofHeader, String eventHeader) {
    this.displayName = displayName;
    this.proofHeader = proofHeader;
    this.eventHeader = eventHeader;
  }

  /**
   * The host whose proof header the delivery carries. Gitea and Forgejo also send GitHub's header;
   * their own is preferred, so the checked header matches the host's documentation.
   */
  static Optional<GitHost> of(Map<String, String> headers) {
    for (GitHost host : new GitHost[] {GITLAB, FORGEJO, GITEA, GITHUB}) {
      if (headers.containsKey(host.proofHeader)) {
        return Optional.of(host);
      }
    }
    return Optional.empty();
  }

  /** Whether the proof header is right for this body and secret. */
  boolean authentic(String proof, byte[] body, byte[] secret) {
    return switch (this) {
      case GITLAB -> sameToken(proof.strip(), secret);
      case GITHUB -> {
        String value = proof.strip();
        yield value.regionMatches(true, 0, GITHUB_PREFIX, 0, GITHUB_PREFIX.length())
            && sameMac(value.substring(GITHUB_PREFIX.length()), body, secret);
      }
      case GITEA, FORGEJO -> sameMac(proof.strip(), body, secret);
    };
  }

  private static boolean sameMac(String hex, byte[] body, byte[] secret) {
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmacSha256(secret, body), given);
  }

  /**
   * Compares digests rather than the token itself so that neither the bytes nor the length of the
   * secret show in the time taken.
   */
  private static boolean sameToken(String token, byte[] secret) {
    return MessageDigest.isEqual(
        sha256(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)), sha256(secret));
  }

  static byte[] hmacSha256(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks HmacSHA256, which every JDK has", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256, which every JDK has", e);
    }
  }
}
