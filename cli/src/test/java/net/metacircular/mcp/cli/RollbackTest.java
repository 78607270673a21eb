package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RollbackTest extends GitCase {

  @Test
  void rollbackRevertsTheLastChangeToTheService() throws Exception {
    String original = file("metacrypt.toml");
    assertThat(cli.run("stop", "metacrypt").exit()).isZero();
    // A later change to another service does not get in the way.
    assertThat(cli.run("start", "wiki").exit()).isZero();

    Cli.Run r = cli.run("rollback", "metacrypt", "--last-change");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(file("metacrypt.toml")).isEqualTo(original);
    assertThat(file("wiki.toml")).contains("active = true");
    assertThat(localSubject()).isEqualTo("Revert \"mcp: stop metacrypt\"");
    assertThat(remote.remoteSubject()).isEqualTo("Revert \"mcp: stop metacrypt\"");
    assertThat(remote.remoteFile("metacrypt.toml")).isEqualTo(original);
    assertThat(r.out()).contains("reverted ").contains("(mcp: stop metacrypt)");
  }

  @Test
  void aNodeThatCannotBeAskedWhatItQuarantinedIsARefusalNotAGuess() throws Exception {
    // rift (rift.example.net:9443) does not answer: which commit it quarantined is unknown.
    Files.writeString(home.resolve(".config/mcp/token"), "a-token-rift-never-sees\n");
    assertThat(cli.run("stop", "metacrypt").exit()).isZero();
    String head = localHead();
    String pushed = remote.remoteSubject();

    Cli.Run r = cli.run("rollback", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "mcp: could not ask node rift (rift.example.net:9443) which commit of metacrypt it"
                + " quarantined: ")
        .doesNotContain("no token")
        .contains("nothing was changed")
        .contains("mcp rollback metacrypt again when rift answers")
        .contains("mcp rollback metacrypt --last-change")
        .contains("mcp rollback metacrypt --to COMMIT");
    assertThat(localHead()).isEqualTo(head);
    assertThat(remote.remoteSubject()).isEqualTo(pushed);
    assertThat(status()).isEmpty();
  }

  @Test
  void lastChangeAndToAreOneChoice() {
    Cli.Run r = cli.run("rollback", "metacrypt", "--last-change", "--to", "HEAD");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }

  @Test
  void rollbackToACommitRestoresTheFileAsItWasThen() throws Exception {
    String original = file("metacrypt.toml");
    String first = localHead();
    assertThat(cli.run("stop", "metacrypt").exit()).isZero();
    Files.writeString(
        services.resolve("metacrypt.toml"), file("metacrypt.toml").replace("v1.4.2", "v1.5.0"));
    ServicesRemote.git(services, "commit", "-qam", "metacrypt 1.5");

    Cli.Run r = cli.run("rollback", "metacrypt", "--to", first.substring(0, 10));

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(file("metacrypt.toml")).isEqualTo(original);
    assertThat(remote.remoteSubject())
        .isEqualTo("mcp: rollback metacrypt to " + first.substring(0, 7));
  }

  @Test
  void aCommitThatAlsoChangedOtherServicesIsNotRevertedWhole() throws Exception {
    Files.writeString(
        services.resolve("metacrypt.toml"), file("metacrypt.toml").replace("v1.4.2", "v1.5.0"));
    Files.writeString(services.resolve("wiki.toml"), file("wiki.toml") + "# note\n");
    ServicesRemote.git(services, "commit", "-qam", "two at once");
    String head = localHead();

    Cli.Run r = cli.run("rollback", "metacrypt", "--last-change");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains("also changes wiki.toml")
        .contains("mcp rollback metacrypt --to " + head.substring(0, 7) + "~1");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void theCommitThatCreatedTheServiceIsNotRolledBack() {
    Cli.Run r = cli.run("rollback", "metacrypt", "--last-change");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("created it; rolling it back would remove the service");
  }

  @Test
  void anUnknownCommitIsNamed() {
    Cli.Run r = cli.run("rollback", "metacrypt", "--to", "nosuchref");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("mcp: no commit nosuchref in " + services);
  }

  @Test
  void rollingBackToTheCurrentStateIsANoOp() {
    Cli.Run r = cli.run("rollback", "metacrypt", "--to", "HEAD");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("nothing to roll back");
  }
}
