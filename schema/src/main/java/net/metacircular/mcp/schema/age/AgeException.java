package net.metacircular.mcp.schema.age;

/** An identity, recipient or file that age cannot use; the message never holds a key or value. */
public final class AgeException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgeException(String message) {
    super(message);
  }

  public AgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
