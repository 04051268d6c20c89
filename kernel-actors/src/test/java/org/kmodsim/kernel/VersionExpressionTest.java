package org.kmodsim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * version.h in module files (include/generated/uapi/linux/version.h: {@code #define
 * KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))}, LINUX_VERSION_CODE
 * of the era's kernel; generated/utsrelease.h's UTS_RELEASE).
 */
class VersionExpressionTest {

  @Test
  void comparesTheErasCodeWithKernelVersion() {
    String since26 = "LINUX_VERSION_CODE >= KERNEL_VERSION(2,6,0)";
    assertThat(VersionExpression.evaluate(since26, Era.V2_4)).isZero();
    assertThat(VersionExpression.evaluate(since26, Era.V2_6)).isEqualTo(1);
    assertThat(VersionExpression.evaluate(since26, Era.V6_X)).isEqualTo(1);
    assertThat(VersionExpression.evaluate("LINUX_VERSION_CODE", Era.V2_6)).isEqualTo(0x020620);
    assertThat(
            VersionExpression.evaluate("LINUX_VERSION_CODE < KERNEL_VERSION(4, 20, 0)", Era.V4_X))
        .isEqualTo(1);
    assertThat(VersionExpression.evaluate("LINUX_VERSION_CODE == 132133", Era.V2_4)).isEqualTo(1);
    assertThat(VersionExpression.evaluate("UTS_RELEASE == \"2.6.32\"", Era.V2_6)).isEqualTo(1);
    assertThat(VersionExpression.evaluate("UTS_RELEASE != 6.12.0", Era.V6_X)).isZero();
  }

  @Test
  void aBadExpressionNamesItself() {
    assertThatThrownBy(() -> VersionExpression.evaluate("LINUX_VERSION_CODE >= 2.6", Era.V6_X))
        .hasMessageStartingWith("not a version expression: '2.6'");
    assertThatThrownBy(() -> VersionExpression.evaluate("UTS_RELEASE > 2", Era.V6_X))
        .hasMessageContaining("only == and != compare it");
  }
}
