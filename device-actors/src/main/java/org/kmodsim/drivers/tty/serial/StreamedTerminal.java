package org.kmodsim.drivers.tty.serial;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.kmodsim.drivers.tty.ConsoleSink;

/**
 * The user's terminal as a serial line, for concurrent mode with kmodsim.serial.live: what a
 * console driver wrote goes through a Pekko Streams pipeline that paces it at the console's line
 * rate, so the log appears character by character as on a real 9600-baud terminal.
 *
 * <p>{@code Source.queue} (bounded; a full queue drops the newest write and counts it) → one
 * element per character → {@code throttle} by cost: a character costs its bits on the wire (10 for
 * 8N1, 20 for "\n" sent as "\r\n"), the budget is the baud rate per second, the burst {@value
 * #BURST_CHARACTERS} characters (the pekko brief: with a 1 ms scheduler tick this keeps the rate
 * within a few percent and the gaps at a few ms) → standard output.
 *
 * <p>Display only: the model's timing stays with the console driver on the engine's clock, and no
 * model code sees this class. The command line creates it, for concurrent runs only, and hands it
 * to {@link PrintkSubsystem}; the streams run on the run's ActorSystem.
 */
public final class StreamedTerminal implements SerialSink {
  /** Console writes waiting for the line; one is the usual, as the driver is paced too. */
  static final int QUEUE_WRITES = 1024;

  static final int BURST_CHARACTERS = 10;

  private final PrintStream out;
  private final List<BoundedSourceQueue<String>> queues = new ArrayList<>();
  private final List<CompletableFuture<Done>> finished = new ArrayList<>();
  private final LongAdder droppedWrites = new LongAdder();

  public StreamedTerminal(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized ConsoleSink serial(ActorSystem<?> system, String console, UartSettings uart) {
    int bitsPerChar = uart.bitsPerChar();
    Pair<BoundedSourceQueue<String>, java.util.concurrent.CompletionStage<Done>> line =
        Source.<String>queue(QUEUE_WRITES)
            .mapConcat(StreamedTerminal::characters)
            .throttle(
                uart.baud(),
                Duration.ofSeconds(1),
                BURST_CHARACTERS * bitsPerChar,
                c -> UartSettings.onTheWire(c).length() * bitsPerChar,
                ThrottleMode.shaping())
            .toMat(Sink.foreach(this::print), Keep.both())
            .run(Materializer.matFromSystem(system));
    queues.add(line.first());
    finished.add(line.second().toCompletableFuture());
    return (name, text) -> {
      if (line.first().offer(text) != QueueOfferResult.enqueued()) {
        droppedWrites.increment();
      }
    };
  }

  /**
   * Ends every line and waits, at most {@code timeout}, until the terminal has shown what the lines
   * still hold; returns the number of writes dropped because a queue was full.
   */
  public synchronized long drain(Duration timeout) {
    queues.forEach(BoundedSourceQueue::complete);
    try {
      CompletableFuture.allOf(finished.toArray(new CompletableFuture<?>[0]))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The display is behind or broken: the run's results do not depend on it.
    }
    return droppedWrites.sum();
  }

  private static List<String> characters(String text) {
    List<String> characters = new ArrayList<>(text.length());
    for (int i = 0; i < text.length(); i++) {
      characters.add(String.valueOf(text.charAt(i)));
    }
    return characters;
  }

  private void print(String character) {
    out.print(character);
    out.flush();
  }
}
