package org.kmodsim.cpu;

/** The typed name of a kernel actor in {@link Services}, such as the module loader. */
public record ServiceId<T>(String name, Class<T> protocol) {}
