package streamnet.network.io;

/** A model file that cannot be a network: wrong JSON, wrong shape, or values that are not numbers. */
public final class ModelFormatException extends RuntimeException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
