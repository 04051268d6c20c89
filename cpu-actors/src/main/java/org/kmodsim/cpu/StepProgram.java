package org.kmodsim.cpu;

import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import org.kmodsim.sim.config.ConfigValueException;

/**
 * A program read once ({@link StepParser#read}): its command lines split into words and its blocks
 * checked, what a program's text alone decides. {@link #steps} makes the steps against one
 * machine's registry, whose commands may hold that machine's state (its module table, its report),
 * so a runner reads its programs once and makes their steps for every run. Immutable.
 *
 * <p>An error found while reading is kept in its place and thrown when {@link #steps} reaches it,
 * so a program with several errors reports the first one in program order, as a parse does.
 */
public final class StepProgram {
  private final List<Node> nodes;

  StepProgram(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** The program's steps on the machine whose commands are {@code commands}. */
  public List<Step> steps(Commands commands) {
    return steps(nodes, commands);
  }

  private static List<Step> steps(List<Node> nodes, Commands commands) {
    List<Step> steps = new ArrayList<>(nodes.size());
    for (Node node : nodes) {
      steps.add(node.step(commands));
    }
    return steps;
  }

  /** One step of the program as read. */
  sealed interface Node {
    Step step(Commands commands);
  }

  /** A command line, split into words; the registry makes its step. */
  record Line(ConfigValue value, List<String> words, List<String> args) implements Node {
    Line(ConfigValue value, List<String> words) {
      this(value, words, words.isEmpty() ? List.of() : words.subList(1, words.size()));
    }

    Line {
      words = List.copyOf(words);
      args = List.copyOf(args);
    }

    @Override
    public Step step(Commands commands) {
      try {
        if (words.isEmpty()) {
          return commands.parse(words); // its error
        }
        return commands.make(words.get(0), args);
      } catch (IllegalArgumentException e) {
        throw StepParser.bad(value, e.getMessage());
      }
    }
  }

  /** What the reader refused at {@code where}. */
  record Bad(ConfigValue where, String message) implements Node {
    @Override
    public Step step(Commands commands) {
      throw bad();
    }

    ConfigValueException bad() {
      return StepParser.bad(where, message);
    }
  }

  record RepeatBlock(int count, List<Node> body) implements Node {
    RepeatBlock {
      body = List.copyOf(body);
    }

    @Override
    public Step step(Commands commands) {
      return new Repeat(count, steps(body, commands));
    }
  }

  record MeasureBlock(String label, List<Node> body) implements Node {
    MeasureBlock {
      body = List.copyOf(body);
    }

    @Override
    public Step step(Commands commands) {
      return new Measure(label, steps(body, commands));
    }
  }

  /** Made in the order a parse reads it: the else branch, the condition, the then branch. */
  record IfBlock(Node condition, List<Node> then, List<Node> otherwise) implements Node {
    IfBlock {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }

    @Override
    public Step step(Commands commands) {
      List<Step> elseSteps = steps(otherwise, commands);
      Step test = condition.step(commands);
      return new If(test, steps(then, commands), elseSteps);
    }
  }
}
