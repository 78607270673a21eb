package net.metacircular.mcp.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What parsing one service file gave: a valid spec, or every error found in the file. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {

  /** The file name as the caller gave it. */
  String file();

  /** Every error of the file, in the order they occur; empty when valid. */
  List<SpecError> errors();

  /** The spec, if the file is valid. */
  Optional<ServiceSpec> validSpec();

  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The spec; a {@link SchemaException} listing every error if the file is invalid. */
  default ServiceSpec orElseThrow() {
    return validSpec().orElseThrow(() -> new SchemaException(errors()));
  }

  /** A file that parsed and validated. */
  record Valid(String file, ServiceSpec spec) implements ParseResult {
    public Valid {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public List<SpecError> errors() {
      return List.of();
    }

    @Override
    public Optional<ServiceSpec> validSpec() {
      return Optional.of(spec);
    }
  }

  /** A file with at least one error. */
  record Invalid(String file, List<SpecError> errors) implements ParseResult {
    public Invalid {
      Objects.requireNonNull(file, "file");
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("an invalid file has at least one error");
      }
    }

    @Override
    public Optional<ServiceSpec> validSpec() {
      return Optional.empty();
    }
  }
}
