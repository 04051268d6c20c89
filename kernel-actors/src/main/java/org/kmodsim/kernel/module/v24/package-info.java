/**
 * The 2.4 module calls (2.4 kernel/module.c), which later kernels dropped when the loader moved
 * into the kernel: sys_create_module, sys_init_module of a created slot, sys_query_module and the
 * autoclean walk of delete_module(NULL). In 2.4 insmod linked the module in user space
 * (org.kmodsim.userspace.modutils); the kernel only kept slots and answered questions.
 *
 * <p>The loader ({@code org.kmodsim.kernel.module}) names this code only through its interface,
 * {@link org.kmodsim.kernel.module.UserSpaceLinking}, and finds it with ServiceLoader when the era
 * is 2.4; this package works on the loader's list through {@link
 * org.kmodsim.kernel.module.ModuleInternal}, as kernel/module/*.c include internal.h. So the
 * dependency goes one way: v24 on the loader.
 */
package org.kmodsim.kernel.module.v24;
