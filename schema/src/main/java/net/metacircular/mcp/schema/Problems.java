package net.metacircular.mcp.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tomlj.TomlPosition;

/** Collects the errors of one file, so that all of them are reported at once. */
final class Problems {
  private final String file;
  private final List<SpecError> errors = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(TomlPosition at, String keyPath, String message) {
    errors.add(new SpecError(file, at.line(), at.column(), keyPath, message));
  }

  /** A problem of the whole file, with no place in its text. */
  void addWhole(String message) {
    errors.add(new SpecError(file, 0, 0, "", message));
  }

  int count() {
    return errors.size();
  }

  /** In text order, which is how people read them; checks run in a different order. */
  List<SpecError> sorted() {
    return errors.stream()
        .sorted(Comparator.comparingInt(SpecError::line).thenComparingInt(SpecError::column))
        .toList();
  }
}
