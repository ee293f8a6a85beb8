package org.interagency.gateway.policy;

/**
 * The MOU a message relies on, as the sending gateway writes it into the MessageHeader: id,
 * version and the digest of the signed canonical form ({@code sha256:<hex>}).
 */
public record MouBinding(String mouId, int version, String digest) {

    @Override
    public String toString() {
        return mouId + "/v" + version + "@" + digest;
    }

    /** Parses the form of {@link #toString()}, as the JMS header of an envelope carries it. */
    public static MouBinding parse(String text) {
        int slash = text.lastIndexOf("/v");
        int at = text.indexOf('@', slash);
        return new MouBinding(text.substring(0, slash), Integer.parseInt(text.substring(slash + 2, at)), text.substring(at + 1));
    }
}
