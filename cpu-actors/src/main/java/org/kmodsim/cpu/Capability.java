package org.kmodsim.cpu;

/** The capabilities the model checks (include/uapi/linux/capability.h). */
public enum Capability {
  CAP_SYS_MODULE,
  CAP_SYS_ADMIN,
  CAP_SYSLOG
}
