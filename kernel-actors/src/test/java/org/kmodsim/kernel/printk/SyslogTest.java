package org.kmodsim.kernel.printk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.kmodsim.cpu.Capability;
import org.kmodsim.cpu.Cred;
import org.kmodsim.kernel.Era;
import org.kmodsim.kernel.Errno;

class SyslogTest {
  static final Cred ROOT = Cred.root();
  static final Cred NOBODY = Cred.nobody();
  static final Cred ADMIN_ONLY = new Cred(1000, "alice", EnumSet.of(Capability.CAP_SYS_ADMIN));
  static final Cred SYSLOG_ONLY = new Cred(1001, "bob", EnumSet.of(Capability.CAP_SYSLOG));

  static Syslog syslog(Era era) {
    PrintkRingbuffer ring = new PrintkRingbuffer(4096, BufferLayout.of(era), false);
    Syslog syslog = new Syslog(era, ring, ConsoleLoglevel.defaults(era), false);
    syslog.stored(ring.store(0, 6, false, 0, 1_500_000, "first").record());
    syslog.stored(ring.store(0, 3, false, 0, 2_000_000, "second").record());
    return syslog;
  }

  /**
   * 2.4's fs/proc/kmsg.c calls do_syslog itself, without sys_syslog's CAP_SYS_ADMIN test (2.4.27,
   * 2.4.32): the file's mode (0400, root) is the only check; 2.6.32's do_syslog calls
   * security_syslog (cap_syslog) for every action, so its /proc/kmsg needs CAP_SYS_ADMIN.
   */
  @Test
  void procKmsgIn24NeedsNoCapability() {
    Cred rootWithoutCaps = new Cred(0, "root", EnumSet.noneOf(Capability.class));
    assertThat(Syslog.permission(Syslog.OPEN, rootWithoutCaps, Era.V2_4, false, true)).isNull();
    assertThat(Syslog.permission(Syslog.READ, rootWithoutCaps, Era.V2_4, false, true)).isNull();
    assertThat(Syslog.permission(Syslog.READ, rootWithoutCaps, Era.V2_4, false, false))
        .isEqualTo(Errno.EPERM);
    assertThat(Syslog.permission(Syslog.OPEN, rootWithoutCaps, Era.V2_6, false, true))
        .isEqualTo(Errno.EPERM);
  }

  @Test
  void permissionTablePerEra() {
    for (int type = 0; type <= 10; type++) {
      boolean openToAll = type == 3 || type == 10;
      assertThat(Syslog.permission(type, NOBODY, Era.V6_X, false, false))
          .as("6.x type %d", type)
          .isEqualTo(openToAll ? null : Errno.EPERM);
      assertThat(Syslog.permission(type, NOBODY, Era.V6_X, true, false))
          .as("6.x restricted type %d", type)
          .isEqualTo(Errno.EPERM);
      assertThat(Syslog.permission(type, SYSLOG_ONLY, Era.V6_X, true, false)).isNull();
      assertThat(Syslog.permission(type, ADMIN_ONLY, Era.V6_X, true, false)).isNull();
      assertThat(Syslog.permission(type, NOBODY, Era.V2_6, true, false))
          .as("2.6 type %d", type)
          .isEqualTo(openToAll ? null : Errno.EPERM);
      assertThat(Syslog.permission(type, SYSLOG_ONLY, Era.V2_6, false, false))
          .isEqualTo(openToAll ? null : Errno.EPERM); // CAP_SYSLOG came with 2.6.37
      assertThat(Syslog.permission(type, NOBODY, Era.V2_4, false, false))
          .as("2.4 type %d", type)
          .isEqualTo(type == 3 ? null : Errno.EPERM);
    }
    assertThat(Syslog.permission(2, NOBODY, Era.V6_X, false, true)).isNull(); // open /proc/kmsg
    assertThat(Syslog.permission(1, NOBODY, Era.V6_X, false, true)).isEqualTo(Errno.EPERM);
  }

  @Test
  void badTypesAreEinvalForThePrivilegedAndEpermForOthers() {
    assertThat(syslog(Era.V6_X).call(11, 0, ROOT, false, false).errno()).isEqualTo(Errno.EINVAL);
    assertThat(syslog(Era.V6_X).call(-1, 0, NOBODY, false, false).errno()).isEqualTo(Errno.EPERM);
    assertThat(syslog(Era.V2_4).call(10, 0, ROOT, false, false).errno()).isEqualTo(Errno.EINVAL);
  }

  @Test
  void readAllIsNonDestructiveAndReadConsumes() {
    Syslog syslog = syslog(Era.V6_X);
    Syslog.Result all = syslog.call(3, 4096, NOBODY, false, false);
    assertThat(all.data()).isEqualTo("<6>first\n<3>second\n");
    assertThat(all.value()).isEqualTo(19);
    assertThat(syslog.call(9, 0, ROOT, false, false).value()).isEqualTo(19);
    Syslog.Result part = syslog.call(2, 5, ROOT, false, false);
    assertThat(part.data()).isEqualTo("<6>fi");
    assertThat(syslog.call(2, 100, ROOT, false, false).data()).isEqualTo("rst\n<3>second\n");
    assertThat(syslog.call(2, 100, ROOT, false, false).wouldBlock()).isTrue();
    assertThat(syslog.call(3, 4096, ROOT, false, false).data()).hasSize(19);
  }

  @Test
  void readAllKeepsTheNewestWholeRecordsThatFit() {
    assertThat(syslog(Era.V6_X).call(3, 12, ROOT, false, false).data()).isEqualTo("<3>second\n");
    assertThat(syslog(Era.V6_X).call(3, 5, ROOT, false, false).value()).isZero();
  }

  @Test
  void clearAffectsReadAllButNotTheReader() {
    Syslog syslog = syslog(Era.V6_X);
    assertThat(syslog.call(5, 0, ROOT, false, false).value()).isZero();
    assertThat(syslog.call(3, 4096, ROOT, false, false).data()).isEmpty();
    assertThat(syslog.call(2, 4096, ROOT, false, false).data()).startsWith("<6>first");
    Syslog other = syslog(Era.V6_X);
    assertThat(other.call(4, 4096, ROOT, false, false).value()).isEqualTo(19);
    assertThat(other.call(3, 4096, ROOT, false, false).value()).isZero();
  }

  @Test
  void consoleLevelRangeAndSizeOfBuffer() {
    Syslog syslog = syslog(Era.V6_X);
    assertThat(syslog.call(8, 9, ROOT, false, false).errno()).isEqualTo(Errno.EINVAL);
    assertThat(syslog.call(8, 0, ROOT, false, false).errno()).isEqualTo(Errno.EINVAL);
    assertThat(syslog.call(8, 8, ROOT, false, false).value()).isZero();
    assertThat(syslog.call(10, 0, NOBODY, false, false).value()).isEqualTo(4096);
    assertThat(syslog.call(2, -1, ROOT, false, false).errno()).isEqualTo(Errno.EINVAL);
    assertThat(syslog.call(2, 0, ROOT, false, false).value()).isZero();
  }

  @Test
  void capSysAdminWithoutCapSyslogWarnsOnceAsDeprecated() {
    Syslog syslog = syslog(Era.V6_X);
    Syslog.Result first = syslog.call(9, 0, ADMIN_ONLY, false, false);
    assertThat(first.errno()).isNull();
    assertThat(first.warning())
        .isEqualTo(
            "alice (1000): Attempt to access syslog with"
                + " CAP_SYS_ADMIN but no CAP_SYSLOG (deprecated).");
    assertThat(syslog.call(9, 0, ADMIN_ONLY, false, false).warning()).isNull();
  }

  @Test
  void before35ReadAllReturnsTheLastBytesEvenFromTheMiddleOfALine() {
    Syslog syslog = syslog(Era.V2_6);
    assertThat(syslog.call(3, 12, ROOT, false, false).data()).isEqualTo("t\n<3>second\n");
    assertThat(syslog.call(9, 0, ROOT, false, false).value()).isEqualTo(19);
    assertThat(syslog.call(2, 4, ROOT, false, false).data()).isEqualTo("<6>f");
    assertThat(syslog.call(9, 0, ROOT, false, false).value()).isEqualTo(15);
    syslog.call(5, 0, ROOT, false, false);
    assertThat(syslog.call(3, 100, ROOT, false, false).data()).isEmpty();
    assertThat(syslog.call(2, 100, ROOT, false, false).data()).isEqualTo("irst\n<3>second\n");
  }
}
