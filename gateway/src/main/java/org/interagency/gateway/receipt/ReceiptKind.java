package org.interagency.gateway.receipt;

/** What a signed receipt confirms. */
public enum ReceiptKind {
    /** The receiving gateway opened the message and put it in the recipient agencies' inboxes. */
    DELIVERED("delivered"),
    /** A recipient agency acknowledged the message. */
    ACKNOWLEDGED("acknowledged");

    private final String code;

    ReceiptKind(String code) {
        this.code = code;
    }

    /** Returns the code written in the receipt's MessageHeader.reason. */
    public String code() {
        return code;
    }

    static ReceiptKind fromCode(String code) {
        for (ReceiptKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown receipt kind " + code);
    }
}
