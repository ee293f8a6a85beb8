package org.interagency.gateway.error;

/** Whose fault an error is, which decides who must act on it. */
public enum ErrorCategory {
    /** The agency system or person calling the gateway sent something wrong. */
    CALLER,
    /** The partner gateway or its envelope is at fault. */
    PEER,
    /** This gateway, its configuration or its infrastructure failed. */
    GATEWAY
}
