package streamnet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import streamnet.producer.RateLimiter;

/**
 * Sends requests 0 .. total-1 from several threads, each exactly once: thread t of T sends
 * t, t + T, t + 2T, ... at rate / T per second (0 = as fast as it can), so together they keep the
 * rate and no single thread's send loop limits the load.
 */
final class LoadSenders {
  /** Sends one request, by its number. */
  interface Send {
    void send(int n);
  }

  private LoadSenders() {}

  /** Sends every request through {@code send} from {@code threads} threads; returns when all are sent. */
  static void sendAll(int total, int threads, double rate, Send send) throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("--senders must be at least 1: " + threads);
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread sender = new Thread(() -> {
        try {
          sendShare(first, threads, total, new RateLimiter(rate / threads), send);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }, "predict-sender-" + t);
      senders.add(sender);
      sender.start();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void sendShare(int first, int step, int total, RateLimiter limiter, Send send)
      throws InterruptedException {
    for (int n = first; n < total; n += step) {
      limiter.acquire();
      send.send(n);
    }
  }
}
