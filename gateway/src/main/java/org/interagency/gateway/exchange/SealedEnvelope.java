package org.interagency.gateway.exchange;

import java.util.List;

/** One envelope for one recipient county, however many of its agencies receive the message. */
public record SealedEnvelope(String county, List<String> recipientAgencies, byte[] envelope) {

    /** Returns the recipient agency ids joined by commas, as the JMS header carries them. */
    public String recipientList() {
        return String.join(",", recipientAgencies);
    }
}
