package org.interagency.gateway.tracking;

/** The delivery state of a message for one recipient agency, in the order the states are reached. */
public enum DeliveryState {
    /** Intake validated the message and a covering MOU clause allowed it. */
    ACCEPTED,
    /** Signed as the sending agency and encrypted to the recipient county's gateway. */
    SEALED,
    /** The envelope is on its way to the recipient county's gateway. */
    SENT,
    /** The recipient gateway opened the message and put it in the agency's inbox. */
    DELIVERED,
    /** The recipient gateway's signed delivery receipt was verified and stored. */
    RECEIPTED,
    /** The recipient agency acknowledged the message; its signed acknowledgement is stored. */
    ACKNOWLEDGED,
    /** Delivery stopped; the reason code names the cause and whether a resend can help. */
    FAILED;

    /**
     * Returns whether moving from this state to {@code next} keeps the order above. FAILED and
     * ACKNOWLEDGED are final, so a late failed retry cannot hide an acknowledgement.
     */
    public boolean precedes(DeliveryState next) {
        if (this == FAILED || this == ACKNOWLEDGED) {
            return false;
        }
        return next == FAILED || next.ordinal() > ordinal();
    }
}
