package net.metacircular.mcp.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads a syntactically valid document into a {@link ServiceSpec}, reporting every error. */
final class ServiceReader {
  static final List<String> KEYS =
      List.of("name", "node", "active", "deploy", "self_heal", "rollout", "components");

  /** More containers than any one service needs: a file with more is a mistake or an attack. */
  static final int MAX_COMPONENTS = 100;

  private ServiceReader() {}

  /**
   * @param stem the file name without {@code .toml}: the service name the file must declare, and
   *     whose data directory its volumes may use
   */
  static Optional<ServiceSpec> read(
      TomlParseResult doc,
      String stem,
      ValidationPolicy policy,
      Optional<Set<String>> secretFiles,
      Problems problems) {
    Fields f = new Fields(doc, "", TomlPosition.positionAt(1, 1), problems);
    KeyCheck.rejectUnknown(f, KEYS);
    Optional<String> name =
        f.requiredString("name", "add name = " + TomlValues.quote(stem))
            .filter(n -> Names.check(f, "name", n))
            .filter(n -> matchesFile(f, n, stem));
    Optional<String> node =
        f.requiredString("node", "add node = \"<node name>\", e.g. node = \"rift\"")
            .filter(n -> Names.check(f, "node", n));
    boolean active = f.bool("active").orElse(true);
    Optional<Boolean> selfHeal = f.bool("self_heal");
    DeployMode deploy = deploy(f);
    RolloutSpec rollout = RolloutReader.read(f);
    List<ComponentSpec> components = new ArrayList<>();
    List<ComponentReader.Read> reads = new ArrayList<>();
    for (Fields c : componentTables(f)) {
      ComponentReader.Read read = ComponentReader.read(c, stem, policy, secretFiles);
      reads.add(read);
      read.spec().ifPresent(components::add);
    }
    Dependencies.check(reads);
    if (problems.count() > 0 || name.isEmpty() || node.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ServiceSpec(name.get(), node.get(), active, deploy, components, selfHeal, rollout));
  }

  private static boolean matchesFile(Fields f, String name, String stem) {
    if (name.equals(stem)) {
      return true;
    }
    f.error(
        "name",
        "expected the file name without .toml, "
            + TomlValues.quote(stem)
            + "; got "
            + TomlValues.quote(name)
            + " (rename the file to "
            + name
            + ".toml or set name = "
            + TomlValues.quote(stem)
            + ")");
    return false;
  }

  private static DeployMode deploy(Fields f) {
    Optional<String> word = f.string("deploy");
    Optional<DeployMode> mode = word.flatMap(DeployMode::parse);
    if (word.isPresent() && mode.isEmpty()) {
      f.error("deploy", "expected one of auto, manual; got " + TomlValues.quote(word.get()));
    }
    return mode.orElse(DeployMode.AUTO);
  }

  private static List<Fields> componentTables(Fields f) {
    String fix = "add at least one [[components]] table with a name and an image";
    Optional<Object> raw = f.raw("components");
    if (raw.isEmpty()) {
      f.missing("components", fix);
      return List.of();
    }
    if (!(raw.get() instanceof TomlArray array)) {
      f.error(
          "components",
          "expected an array of tables, written [[components]]; got "
              + TomlValues.describe(raw.get()));
      return List.of();
    }
    if (array.isEmpty()) {
      f.error("components", "a service needs at least one component; " + fix);
      return List.of();
    }
    if (array.size() > MAX_COMPONENTS) {
      f.error(
          "components",
          "a service may have at most "
              + MAX_COMPONENTS
              + " components; got "
              + array.size()
              + " (split it into several services)");
      return List.of();
    }
    List<Fields> tables = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) instanceof TomlTable t) {
        tables.add(new Fields(t, "components[" + i + "]", array.inputPositionOf(i), f.problems()));
      } else {
        f.elementError(
            "components", i, "expected a table; got " + TomlValues.describe(array.get(i)));
      }
    }
    return tables;
  }
}
