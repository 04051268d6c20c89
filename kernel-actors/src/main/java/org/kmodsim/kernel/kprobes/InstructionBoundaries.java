package org.kmodsim.kernel.kprobes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.kmodsim.kernel.Era;

/**
 * Where the instructions of one function start (what arch_prepare_kprobe's can_probe() finds by
 * decoding from the symbol start, arch/x86/kernel/kprobes/core.c). The prologue is the era's: 2.6
 * {@code push %rbp; mov %rsp,%rbp}; 4.x a 5-byte {@code call __fentry__} first; 6.x with IBT {@code
 * endbr64} (4 bytes) before it. The rest of the body is a stable pseudo-random sequence of 1 to 7
 * byte instructions derived from the function's name, so every run decodes the same way.
 */
public final class InstructionBoundaries {
  private static final int[] LENGTHS = {1, 2, 3, 3, 4, 4, 5, 5, 5, 7};

  private final List<Integer> starts;
  private final int ftraceSite;
  private final boolean endbr;

  private InstructionBoundaries(List<Integer> starts, int ftraceSite, boolean endbr) {
    this.starts = List.copyOf(starts);
    this.ftraceSite = ftraceSite;
    this.endbr = endbr;
  }

  public static InstructionBoundaries of(String function, long size, Era era) {
    List<Integer> starts = new ArrayList<>();
    int offset = 0;
    int ftraceSite = -1;
    boolean endbr = false;
    if (era.atLeast(Era.V6_X)) {
      starts.add(0); // endbr64
      offset = 4;
      endbr = true;
    }
    if (era.atLeast(Era.V4_X)) {
      ftraceSite = offset;
      starts.add(offset); // call __fentry__
      offset += 5;
    }
    starts.add(offset); // push %rbp
    offset += 1;
    starts.add(offset); // mov %rsp,%rbp
    offset += 3;
    SplittableRandom decoder = new SplittableRandom(function.hashCode() * 0x9E3779B97F4A7C15L);
    while (offset < size) {
      starts.add(offset);
      offset += LENGTHS[decoder.nextInt(LENGTHS.length)];
    }
    return new InstructionBoundaries(starts, ftraceSite, endbr);
  }

  public boolean isBoundary(long offset) {
    return offset <= Integer.MAX_VALUE && starts.contains((int) offset);
  }

  /** Offset of the 5-byte fentry call, or -1 when the era compiles none at entry. */
  public int ftraceSite() {
    return ftraceSite;
  }

  /** Inside the fentry call but not at its first byte. */
  public boolean insideFtraceSite(long offset) {
    return ftraceSite >= 0 && offset > ftraceSite && offset < ftraceSite + 5;
  }

  /** The function starts with ENDBR64 (x86 IBT). */
  public boolean startsWithEndbr() {
    return endbr;
  }

  public List<Integer> starts() {
    return starts;
  }
}
