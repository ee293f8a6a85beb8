package org.interagency.gateway.envelope;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of signature and signer certificate checks. The gateway builds it from
 * {@code gateway.envelope.*}; {@link #defaults()} gives the values those settings default to.
 *
 * @param clockSkew how far the sender's clock may differ from ours: a signing time may lie
 *     this far in the future, and a certificate may be this far outside its validity period
 * @param crlFolder folder of trusted CRL files ({@code *.crl} in DER or PEM, {@code *.pem}),
 *     or null for none
 * @param crlDistributionPoints whether CRLs are fetched from the HTTP CRL distribution points
 *     of the certificates in the signer's path
 * @param crlFetchTimeout connect and read time allowed for one CRL download
 * @param ocspEnabled whether OCSP is asked first, with CRLs as fallback, for certificates
 *     that name an OCSP responder
 * @param algorithmPolicy the accepted algorithms and key sizes
 */
public record VerificationSettings(Duration clockSkew, Path crlFolder, boolean crlDistributionPoints,
        Duration crlFetchTimeout, boolean ocspEnabled, AlgorithmPolicy algorithmPolicy) {

    /** Default clock skew between two gateways. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    /** Default time allowed for one CRL download. */
    public static final Duration DEFAULT_CRL_FETCH_TIMEOUT = Duration.ofSeconds(5);

    /** Rejects null and negative durations and a null policy. */
    public VerificationSettings {
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(crlFetchTimeout, "crlFetchTimeout");
        Objects.requireNonNull(algorithmPolicy, "algorithmPolicy");
        if (clockSkew.isNegative() || crlFetchTimeout.isNegative() || crlFetchTimeout.isZero()) {
            throw new IllegalArgumentException("clockSkew must not be negative and crlFetchTimeout must be positive");
        }
    }

    /**
     * Returns the defaults: five minutes of clock skew, no CRL folder, CRL distribution points
     * fetched with a five-second timeout, no OCSP, and {@link AlgorithmPolicy#defaults()}.
     */
    public static VerificationSettings defaults() {
        return new VerificationSettings(DEFAULT_CLOCK_SKEW, null, true, DEFAULT_CRL_FETCH_TIMEOUT, false,
                AlgorithmPolicy.defaults());
    }

    /** Returns a copy with another CRL folder. */
    public VerificationSettings withCrlFolder(Path folder) {
        return new VerificationSettings(clockSkew, folder, crlDistributionPoints, crlFetchTimeout, ocspEnabled,
                algorithmPolicy);
    }
}
