package io.pybitbot;

/** Marker for messages that may cross cluster nodes; bound to jackson-cbor in application.conf. */
public interface CborSerializable {}
