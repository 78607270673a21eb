package net.metacircular.mcp.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.NodeCommandTest;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainConfig}, the reader of the fast path, against {@link TomlConfig} (tomlj): the same
 * config for every form of mcp.toml that the docs, the tests and {@code mcp node add} write; empty
 * (tomlj's turn) for everything else, so that errors stay tomlj's word for word.
 */
class PlainConfigTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path FILE = Path.of("/home/op/.config/mcp/mcp.toml");
  private static final CliEnv ENV =
      new CliEnv(Path.of("/home/op"), Map.of(), new BufferedReader(new StringReader("")), false);
  private static final String AGE =
      "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
  private static final String AGE2 =
      "age1lggyhqrw2nlhcxprm67z43rta597azn8gknawjehu9d9dl0jq3yqqvfafg";

  /** The forms in use: the docs' example, the tests' files, the bench's, node add's output. */
  private static List<String> formsInUse() throws Exception {
    List<String> forms = new ArrayList<>();
    Matcher m =
        Pattern.compile("```toml\n(services_dir.*?)```", Pattern.DOTALL)
            .matcher(Files.readString(REPO.resolve("docs/setup-workstation.md")));
    assertThat(m.find()).as("the mcp.toml example of docs/setup-workstation.md").isTrue();
    forms.add(m.group(1));
    forms.add("");
    forms.add("services_dir = \"~/elsewhere\"\n");
    forms.add("[[nodes]]\nname = \"rift\"\naddress = \"127.0.0.1:40123\"\n");
    forms.add(
        "ca_cert = \"/tmp/x/ca.pem\"\nservices_root = \"/tmp/x/srv\"\n\n[[nodes]]\nname = \"n1\""
            + "\naddress = \"127.0.0.1:9443\"\n");
    forms.add(
        "services_dir = \"/tmp/w/services\"\ntoken_file = \"/tmp/w/token\"\n"
            + "ca_cert = \"/tmp/w/ca.pem\"\n\n[[nodes]]\nname = \"bench123\"\n"
            + "address = \"127.0.0.1:47415\"\n");
    forms.add(
        "secret_recipients = [\""
            + AGE
            + "\"]\n\n[[nodes]]\nname = \"rift\"\naddress = \"rift.example.net:9443\"\nrecipient = \""
            + AGE2
            + "\"\n");
    forms.add(
        """
        [[nodes]]
        name = "rift"
        address = "rift.example.net:9443"

        [[nodes]]
        name = "mcp-demo"
        address = "demo.example.net:9443"
        """);
    String commented = NodeCommandTest.COMMENTED;
    forms.add(commented);
    forms.add(NodesText.add(commented, new Node("vade", "[fd00::1]:9443")));
    forms.add(NodesText.add("", new Node("vade", "vade.example.net:9443")));
    forms.add(
        NodesText.setRecipient(
            NodesText.add("token_file = '~/t'\r\n", new Node("a", "a:1")), 0, AGE));
    // TOML that the reader also takes: literal strings, tabs, blanks in the header, a list with a
    // comma after its last item, an empty list, a comment without a blank, no final newline.
    forms.add(
        "\tservices_dir\t=\t'~/s p a c e s'\t# tabbed\n[[ nodes ]]   # a node\n"
            + "name=\"x\"\naddress='x.example.net:1'#c\nrecipient = \""
            + AGE
            + "\"");
    forms.add("secret_recipients = [ \"" + AGE + "\" , '" + AGE2 + "', ]\n");
    forms.add("secret_recipients = []\nservices_root = \"/srv\"\n");
    forms.add("services_dir = \"~\"\ntoken_file = \"/t\"\nca_cert = \"rel/ca.pem\"\n");
    forms.add("services_dir = \"é ü 日本\"\n");
    forms.add("[[nodes]]\r\nname = \"a\"\r\naddress = \"a:1\"\r\n");
    return forms;
  }

  @Test
  void readsEveryFormInUseAsTomljDoes() throws Exception {
    for (String text : formsInUse()) {
      CliConfig byTomlj = TomlConfig.parse(FILE, text, ENV);

      assertThat(PlainConfig.read(FILE, text, ENV)).as(text).contains(byTomlj);
      assertThat(ConfigLoader.parse(FILE, text, ENV)).as(text).isEqualTo(byTomlj);
    }
  }

  /** Valid TOML beyond the plain form, and files that are errors: tomlj's, word for word. */
  @Test
  void handsTomljEverythingElse() {
    List<String> unusual =
        List.of(
            // valid TOML it does not read
            "services_dir = \"C:\\\\services\"\n",
            "services_dir = \"\"\"~/s\"\"\"\n",
            "services_dir = '''~/s'''\n",
            "\"services_dir\" = \"~/s\"\n",
            "secret_recipients = [\n  \"" + AGE + "\",\n]\n",
            "nodes = [{name = \"a\", address = \"a:1\"}]\n",
            "\uFEFFservices_dir = \"~/s\"\n",
            "services_dir = \"~/s\"\r",
            // errors
            "services_dir = \"~/s\"\n[[nodes]\n",
            "service_dir = \"~/s\"\n",
            "services_dir = 42\n",
            "services_dir = \"  \"\n",
            "services_dir = \"~/s\"\nservices_dir = \"~/t\"\n",
            "services_root = \"srv\"\n",
            "secret_recipients = \"" + AGE + "\"\n",
            "secret_recipients = [\"age1nope\"]\n",
            "[nodes]\nname = \"a\"\naddress = \"a:1\"\n",
            "[[nodes]]\nname = \"rift\"\n",
            "[[nodes]]\naddress = \"a:1\"\n",
            "[[nodes]]\nname = \"Rift\"\naddress = \"a:1\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"https://a:1\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\nport = \"1\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\nrecipient = \"x\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\n[[nodes]]\nname = \"a\"\naddress = \"b:1\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\nname = \"b\"\n",
            "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\nservices_dir = \"~/s\"\n",
            "services_dir = \"~/s\" junk\n",
            "services_dir = \"~/s\u0001\"\n",
            "# a comment with a control character \u0007\n");
    for (String text : unusual) {
      assertThat(PlainConfig.read(FILE, text, ENV)).as(text).isEmpty();
      Object byTomlj = outcome(() -> TomlConfig.parse(FILE, text, ENV));
      assertThat(outcome(() -> ConfigLoader.parse(FILE, text, ENV))).as(text).isEqualTo(byTomlj);
    }
  }

  /** The config, or the message of the error. */
  private static Object outcome(java.util.function.Supplier<CliConfig> parse) {
    Throwable t = catchThrowable(parse::get);
    return t == null ? parse.get() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
