package org.kmodsim.kernel;

/** The typed name of a kernel actor in {@link Services}, such as the module loader. */
public record ServiceKey<T>(String name, Class<T> protocol) {}
