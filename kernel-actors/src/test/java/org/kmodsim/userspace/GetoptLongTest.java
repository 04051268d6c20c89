package org.kmodsim.userspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kmodsim.userspace.GetoptLong.HasArg;
import org.kmodsim.userspace.GetoptLong.LongOption;

/**
 * glibc posix/getopt.c (_getopt_internal_r, process_long_option): the messages and the GNU argument
 * order. The expected texts are glibc 2.36's, as printed by Debian 12's kmod 30 and util-linux
 * 2.38.1 dmesg for the same command lines.
 */
class GetoptLongTest {
  private static final List<LongOption> TABLE =
      List.of(
          new LongOption("force", HasArg.NO, 'f'),
          new LongOption("verbose", HasArg.NO, 'v'),
          new LongOption("version", HasArg.NO, 'V'),
          new LongOption("level", HasArg.REQUIRED, 'l'),
          new LongOption("color", HasArg.OPTIONAL, 'L'),
          new LongOption("colour", HasArg.OPTIONAL, 'L'));

  private static GetoptLong.Result parse(String... args) {
    return GetoptLong.parse("tool", "fvVl:L::", TABLE, List.of(args));
  }

  @Test
  void permutesOperandsToTheEndUntilDoubleDash() {
    GetoptLong.Result result = parse("a", "-f", "b", "--", "-v", "-");
    assertThat(result.options()).containsExactly(new GetoptLong.Option('f', null, null));
    assertThat(result.operands()).containsExactly("a", "b", "-v", "-");
    assertThat(GetoptLong.parse("tool", "+f", TABLE, List.of("a", "-f")).operands())
        .containsExactly("a", "-f");
  }

  @Test
  void readsArgumentsAttachedSeparateAndAfterAnEqualsSign() {
    assertThat(
            parse("-l3", "-l", "-x", "--level=4", "--lev", "5", "-L", "-Lx", "--col=y").options())
        .extracting(GetoptLong.Option::arg)
        .containsExactly("3", "-x", "4", "5", null, "x", "y");
    assertThat(parse("--lev", "5").options().get(0).longName()).isEqualTo("level");
  }

  @Test
  void answersEachMistakeWithGlibcsMessage() {
    assertThat(parse("-fx").error()).isEqualTo("tool: invalid option -- 'x'");
    assertThat(parse("-f", "-:").error()).isEqualTo("tool: invalid option -- ':'");
    assertThat(parse("-l").error()).isEqualTo("tool: option requires an argument -- 'l'");
    assertThat(parse("--level").error()).isEqualTo("tool: option '--level' requires an argument");
    assertThat(parse("--foo=1").error()).isEqualTo("tool: unrecognized option '--foo=1'");
    assertThat(parse("--forc=1").error())
        .isEqualTo("tool: option '--force' doesn't allow an argument");
    // kmod 30 rmmod --ver=1: the name as typed, the candidates in table order
    assertThat(parse("--ver=1").error())
        .isEqualTo("tool: option '--ver=1' is ambiguous; possibilities: '--verbose' '--version'");
    // two names for one option are not ambiguous (same has_arg, flag and val)
    assertThat(parse("--col").failed()).isFalse();
    assertThat(parse("-f", "--v", "-v").options()).hasSize(1);
  }
}
