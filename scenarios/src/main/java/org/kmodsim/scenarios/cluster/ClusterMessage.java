package org.kmodsim.scenarios.cluster;

/**
 * The messages that cross from one cluster node to another: serialized as CBOR by Pekko's Jackson
 * serializer (the binding is in {@link ClusterNodes#config}), never with Java serialization.
 */
public interface ClusterMessage {}
