package streamnet.network.data;

import java.io.IOException;

/** MNIST could not be fetched or did not verify; the message says why and what to do. */
public final class MnistFetchException extends IOException {

  public MnistFetchException(String message) {
    super(message);
  }
}
