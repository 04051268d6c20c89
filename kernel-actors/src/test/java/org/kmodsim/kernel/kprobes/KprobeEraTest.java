package org.kmodsim.kernel.kprobes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

class KprobeEraTest {
  @Test
  void defaultMaxactiveFollowsTheEraFormula() {
    assertThat(KprobeEra.of(Era.V6_X).defaultMaxactive(4)).isEqualTo(10);
    assertThat(KprobeEra.of(Era.V6_X).defaultMaxactive(8)).isEqualTo(16);
    assertThat(KprobeEra.of(Era.V4_X).defaultMaxactive(4)).isEqualTo(4);
    assertThat(new KprobeEra(Era.V4_X, true, true).defaultMaxactive(4)).isEqualTo(10);
    assertThat(new KprobeEra(Era.V2_6, true, true).defaultMaxactive(16)).isEqualTo(32);
    assertThat(KprobeEra.of(Era.V2_6).defaultMaxactive(2)).isEqualTo(2);
  }

  @Test
  void featuresPerEra() {
    assertThat(KprobeEra.of(Era.V2_4).hasKprobes()).isFalse();
    assertThat(new KprobeEra(Era.V6_X, false, false).hasKprobes()).isFalse();
    assertThat(KprobeEra.of(Era.V4_X).hasFaultHandler()).isTrue();
    assertThat(KprobeEra.of(Era.V6_X).hasFaultHandler()).isFalse();
    assertThat(KprobeEra.of(Era.V2_6).unknownSymbol()).isEqualTo(Errno.EINVAL);
    assertThat(KprobeEra.of(Era.V4_X).unknownSymbol()).isEqualTo(Errno.ENOENT);
    assertThat(KprobeEra.of(Era.V2_6).checksReregistration()).isFalse();
    assertThat(KprobeEra.of(Era.V6_X).exportsKallsymsLookupName()).isFalse();
    assertThat(KprobeEra.of(Era.V4_X).exportsKallsymsLookupName()).isTrue();
  }

  @Test
  void hashPtrSpreadsAddressesOverSixtyFourBuckets() {
    KprobeEra era = KprobeEra.of(Era.V6_X);
    assertThat(era.bucketOf(0xffffffff81002604L)).isBetween(0, 63);
    // hash_64(val, 6) = (val * GOLDEN_RATIO_64) >> 58
    assertThat(era.bucketOf(1)).isEqualTo((int) (0x61C8864680B583EBL >>> 58));
  }

  @Test
  void faultMessagesPerEra() {
    assertThat(KprobeEra.of(Era.V6_X).faultMessage(0xffffffffc0a01010L))
        .isEqualTo("unable to handle page fault for address: ffffffffc0a01010");
    assertThat(KprobeEra.of(Era.V6_X).faultMessage(0))
        .isEqualTo("kernel NULL pointer dereference, address: 0000000000000000");
    assertThat(KprobeEra.of(Era.V4_X).faultMessage(0xffffffffc0a01010L))
        .isEqualTo("unable to handle kernel paging request at ffffffffc0a01010");
    assertThat(KprobeEra.of(Era.V4_X).faultMessage(0))
        .isEqualTo("unable to handle kernel NULL pointer dereference at 0000000000000000");
    assertThat(KprobeEra.of(Era.V2_6).faultMessage(0))
        .isEqualTo("unable to handle kernel NULL pointer dereference at (null)");
  }
}
