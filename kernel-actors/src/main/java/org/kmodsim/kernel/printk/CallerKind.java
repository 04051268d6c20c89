package org.kmodsim.kernel.printk;

/** What a caller gets when printk() returns. */
enum CallerKind {
  EMIT,
  OOPS,
  FILE,
  NONE
}
