package org.interagency.gateway.exchange;

import java.util.List;
import org.interagency.gateway.policy.MouBinding;

/**
 * One envelope for one recipient county, however many of its agencies receive the message,
 * with the MOU versions and Consents its policy decision relied on, which delivery checks again.
 */
public record SealedEnvelope(String county, List<String> recipientAgencies, byte[] envelope, List<MouBinding> mous,
        List<String> consentIds) {

    public SealedEnvelope(String county, List<String> recipientAgencies, byte[] envelope) {
        this(county, recipientAgencies, envelope, List.of(), List.of());
    }

    /** Returns the recipient agency ids joined by commas, as the JMS header carries them. */
    public String recipientList() {
        return String.join(",", recipientAgencies);
    }
}
