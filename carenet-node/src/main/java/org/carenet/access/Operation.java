package org.carenet.access;

/** What a request does to a resource (the seed's CREATE, RETRIEVE, UPDATE, DELETE). */
public enum Operation {
    CREATE,
    READ,
    UPDATE,
    DELETE
}
