package net.metacircular.mcp.agent.source;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * How to reach one remote: its URL without secrets, its transport (ssh with the deploy key and
 * strict known_hosts, https with a token and optional CA file, or a local file), the credentials,
 * and the secrets that must never reach a message.
 */
final class RemoteAccess implements AutoCloseable {
  enum Kind {
    SSH,
    HTTP,
    LOCAL,
    OTHER
  }

  private final GitSourceSettings settings;
  private final Kind kind;
  private final String remoteUrl;
  private final String shown;
  private final Optional<String> urlUser;
  private final Optional<String> urlPassword;
  private final Path unusedSshDir;
  private KnownHostsDatabase knownHosts;
  private SshdSessionFactory sshFactory;
  private BoundedSshSessionFactory boundedSsh;
  private CaTrustingConnectionFactory httpFactory;
  private RecordingCredentials credentials;
  private final List<String> secrets = new ArrayList<>();
  private final List<String> userPrefixes;

  /**
   * @param settings the source's settings
   * @param sshHome a folder for the ssh client's "home": never the user's own; nothing is read or
   *     written there
   */
  RemoteAccess(GitSourceSettings settings, Path sshHome) {
    this.settings = settings;
    this.unusedSshDir = sshHome;
    this.shown = Redact.url(settings.url());
    URIish uri;
    try {
      uri = new URIish(settings.url());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("[source] url is not a git remote URL: " + shown, e);
    }
    this.kind = kindOf(uri);
    this.urlPassword = Optional.ofNullable(uri.getPass()).filter(p -> !p.isEmpty());
    urlPassword.ifPresent(secrets::add);
    this.userPrefixes =
        Optional.ofNullable(uri.getUser())
            .filter(u -> !u.isEmpty())
            .map(u -> List.of(u + "@"))
            .orElse(List.of());
    if (kind == Kind.HTTP) {
      // Credentials in an https URL go to the credentials provider, not into .git/config.
      this.urlUser = Optional.ofNullable(uri.getUser()).filter(u -> !u.isEmpty());
      uri = uri.setUser(null).setPass(null);
    } else {
      this.urlUser = Optional.empty();
      uri = uri.setPass(null);
    }
    this.remoteUrl = uri.toString();
  }

  private static Kind kindOf(URIish uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "ssh", "ssh+git", "git+ssh" -> Kind.SSH;
      case "http", "https" -> Kind.HTTP;
      case "file" -> Kind.LOCAL;
      case "" -> uri.getHost() != null ? Kind.SSH : Kind.LOCAL;
      default -> Kind.OTHER;
    };
  }

  Kind kind() {
    return kind;
  }

  /** The URL stored as the working copy's origin: without password (and for https, user). */
  String remoteUrl() {
    return remoteUrl;
  }

  /** The URL for messages: no userinfo at all. */
  String shown() {
    return shown;
  }

  /** Removes secrets and URL userinfo from a message. */
  String scrub(String message) {
    String out = Redact.text(message, secrets);
    for (String user : userPrefixes) {
      out = out.replace(user, "");
    }
    return out;
  }

  /** Whether the last ssh handshake missed its deadline. */
  boolean timedOut() {
    return boundedSsh != null && boundedSsh.timedOut();
  }

  /**
   * Whether the server refused the credentials on the last fetch: over https it asked for them
   * again after they were given (or none were configured); over ssh it accepted the host key and
   * then let nobody in. Only meaningful once the fetch failed without a network or repository
   * cause.
   */
  boolean credentialsRefused() {
    return switch (kind) {
      case HTTP -> credentials != null && credentials.refused();
      case SSH -> knownHosts != null && knownHosts.verified();
      case LOCAL, OTHER -> false;
    };
  }

  /** Why the last ssh host key was refused, if it was. */
  Optional<String> hostKeyProblem() {
    return knownHosts == null ? Optional.empty() : knownHosts.problem();
  }

  /** Sets up a fetch or clone command: transport, credentials, timeout. */
  synchronized void configure(TransportCommand<?, ?> command) {
    if (knownHosts != null) {
      knownHosts.clearProblem();
    }
    command.setTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeout().toSeconds()));
    switch (kind) {
      case SSH -> {
        sshFactory();
        if (boundedSsh == null) {
          boundedSsh =
              new BoundedSshSessionFactory(this::sshFactory, this::discard, settings.timeout());
        }
        BoundedSshSessionFactory factory = boundedSsh;
        command.setTransportConfigCallback(
            t -> {
              if (t instanceof SshTransport ssh) {
                ssh.setSshSessionFactory(factory);
              }
            });
      }
      case HTTP -> {
        credentials = new RecordingCredentials(httpCredentials());
        command.setCredentialsProvider(credentials);
        if (settings.caFile().isPresent()) {
          if (httpFactory == null) {
            httpFactory = CaTrustingConnectionFactory.fromFile(settings.caFile().get());
          }
          CaTrustingConnectionFactory factory = httpFactory;
          command.setTransportConfigCallback(
              t -> {
                if (t instanceof TransportHttp http) {
                  http.setHttpConnectionFactory(factory);
                }
              });
        }
      }
      case LOCAL, OTHER -> {
        // nothing to set up
      }
    }
  }

  /** Closes a client whose handshake missed its deadline; the next fetch makes a new one. */
  private synchronized void discard(SshdSessionFactory stale) {
    if (sshFactory == stale) {
      sshFactory = null;
    }
    stale.close();
  }

  private synchronized SshdSessionFactory sshFactory() {
    if (sshFactory != null) {
      return sshFactory;
    }
    Path key =
        settings
            .sshKey()
            .orElseThrow(
                () ->
                    new SourceException(
                        SourceException.Kind.LOCAL,
                        "ssh remote " + shown + " needs [source] ssh_key (the deploy key)"));
    Path hosts =
        settings
            .knownHosts()
            .orElseThrow(
                () ->
                    new SourceException(
                        SourceException.Kind.LOCAL,
                        "ssh remote "
                            + shown
                            + " needs [source] known_hosts (host keys are checked strictly)"));
    if (!Files.isReadable(key)) {
      throw new SourceException(
          SourceException.Kind.LOCAL, "ssh_key " + key + " does not exist or cannot be read");
    }
    if (!Files.isReadable(hosts)) {
      throw new SourceException(
          SourceException.Kind.LOCAL, "known_hosts " + hosts + " does not exist or cannot be read");
    }
    knownHosts = new KnownHostsDatabase(hosts);
    KnownHostsDatabase db = knownHosts;
    File home = unusedSshDir.toFile();
    sshFactory =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(home)
            .setSshDirectory(new File(home, ".ssh"))
            .setConfigFile(dir -> new File(dir, "mcp-never-an-ssh-config"))
            .setDefaultIdentities(dir -> List.of(key))
            .setDefaultKnownHostsFiles(dir -> List.of(hosts))
            .setServerKeyDatabase((h, s) -> db)
            .setPreferredAuthentications("publickey")
            .build(null);
    return sshFactory;
  }

  private Optional<CredentialsProvider> httpCredentials() {
    if (settings.tokenFile().isPresent()) {
      Path file = settings.tokenFile().get();
      String token;
      try {
        token = Files.readString(file, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            "cannot read token_file " + file + ": " + e.getClass().getName());
      }
      if (token.isEmpty() || token.contains("\n")) {
        throw new SourceException(
            SourceException.Kind.LOCAL, "token_file " + file + " must hold one token on one line");
      }
      if (!secrets.contains(token)) {
        secrets.add(token);
      }
      return Optional.of(
          settings.tokenUser().isEmpty()
              ? new UsernamePasswordCredentialsProvider(token, "")
              : new UsernamePasswordCredentialsProvider(settings.tokenUser(), token));
    }
    if (urlUser.isPresent()) {
      return Optional.of(
          new UsernamePasswordCredentialsProvider(urlUser.get(), urlPassword.orElse("")));
    }
    return Optional.empty();
  }

  @Override
  public synchronized void close() {
    if (sshFactory != null) {
      sshFactory.close();
      sshFactory = null;
    }
  }
}
