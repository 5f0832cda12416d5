package io.pybitbot;

public interface CborSerializable {}
