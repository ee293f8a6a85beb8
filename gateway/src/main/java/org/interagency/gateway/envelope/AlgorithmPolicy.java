package org.interagency.gateway.envelope;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.KeyAgreeRecipientInformation;
import org.bouncycastle.cms.KeyTransRecipientInformation;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * The algorithms the gateway accepts in envelopes and signatures. Rejected: SHA-1 and MD5 as
 * signature or digest algorithm, RSA keys under {@link #MIN_RSA_KEY_BITS} bits, RSA PKCS#1
 * v1.5 key transport, DES, 3DES and RC2, and AES-CBC except from the peer counties named in
 * {@code cbcAllowedPeers}. SHA-1 as the OAEP hash or mask generation hash, and as the
 * digest of the ECDH X9.63 KDF, is accepted on receipt, because there it only derives or
 * masks key bits and no collision can forge anything. OpenSSL 3.0 {@code cms -encrypt} uses
 * SHA-1 there unless {@code -keyopt} sets another digest. {@link CmsSigner} and
 * {@link EnvelopeSealer} use SHA-256 only.
 *
 * <p>Each check throws {@link AlgorithmNotAllowedException} or {@link KeyTooSmallException}
 * with a message naming the algorithm, its OID and where it was found.
 */
public final class AlgorithmPolicy {

    /** Smallest RSA modulus accepted from signers and recipients, which gives about 112 bits of security. */
    public static final int MIN_RSA_KEY_BITS = 2048;

    /** Smallest EC field size accepted, so P-256 and larger curves. */
    public static final int MIN_EC_KEY_BITS = 256;

    private static final Set<ASN1ObjectIdentifier> ALLOWED_DIGESTS = Set.of(
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    /** Signature OIDs accepted in SignerInfo.signatureAlgorithm. RSASSA-PSS parameters are checked separately. */
    private static final Set<ASN1ObjectIdentifier> ALLOWED_SIGNATURES = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512, X9ObjectIdentifiers.id_ecPublicKey,
            PKCSObjectIdentifiers.id_RSASSA_PSS, PKCSObjectIdentifiers.rsaEncryption,
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption);

    /** Hashes accepted inside RSA-OAEP parameters, where SHA-1 is safe because it only masks key bits. */
    private static final Set<ASN1ObjectIdentifier> KDF_AND_OAEP_DIGESTS = Set.of(OIWObjectIdentifiers.idSHA1,
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    /** ECDH key agreement schemes of RFC 5753 with the X9.63 KDF over SHA-1, SHA-256, SHA-384 or SHA-512. */
    private static final Set<ASN1ObjectIdentifier> ALLOWED_KEY_AGREEMENTS = Set.of(
            X9ObjectIdentifiers.dhSinglePass_stdDH_sha1kdf_scheme, X9ObjectIdentifiers.dhSinglePass_cofactorDH_sha1kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme, SECObjectIdentifiers.dhSinglePass_cofactorDH_sha256kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme, SECObjectIdentifiers.dhSinglePass_cofactorDH_sha384kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha512kdf_scheme, SECObjectIdentifiers.dhSinglePass_cofactorDH_sha512kdf_scheme);

    private static final Set<ASN1ObjectIdentifier> ALLOWED_KEY_WRAPS = Set.of(
            NISTObjectIdentifiers.id_aes128_wrap, NISTObjectIdentifiers.id_aes192_wrap, NISTObjectIdentifiers.id_aes256_wrap);

    /** Broken content ciphers, with the name the rejection message gives. */
    private static final Map<ASN1ObjectIdentifier, String> BROKEN_CIPHERS = Map.of(
            OIWObjectIdentifiers.desCBC, "DES-CBC",
            PKCSObjectIdentifiers.des_EDE3_CBC, "3DES (DES-EDE3-CBC)",
            PKCSObjectIdentifiers.RC2_CBC, "RC2-CBC");

    private static final Set<ASN1ObjectIdentifier> CBC_CIPHERS = Set.of(
            NISTObjectIdentifiers.id_aes128_CBC, NISTObjectIdentifiers.id_aes192_CBC, NISTObjectIdentifiers.id_aes256_CBC);

    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();

    private final Set<String> cbcAllowedPeers;

    /**
     * Creates a policy.
     *
     * @param cbcAllowedPeers county ids whose envelopes may use AES-256-CBC EnvelopedData; empty
     *     for none, which is the default
     */
    public AlgorithmPolicy(Set<String> cbcAllowedPeers) {
        this.cbcAllowedPeers = Set.copyOf(cbcAllowedPeers);
    }

    /** Returns the default policy, which allows AES-CBC from no peer. */
    public static AlgorithmPolicy defaults() {
        return new AlgorithmPolicy(Set.of());
    }

    /** Returns the county ids whose envelopes may use AES-256-CBC. */
    public Set<String> cbcAllowedPeers() {
        return cbcAllowedPeers;
    }

    /**
     * Checks the content encryption algorithm of an AuthEnvelopedData or EnvelopedData.
     * AES-256-GCM is accepted from everyone. AES-256-CBC is accepted only from a county in
     * {@code cbcAllowedPeers}, because CBC has no authentication tag and the signature inside
     * is then the only integrity protection.
     *
     * @param peerCounty the county whose gateway delivered the envelope, or null when unknown
     * @throws AlgorithmNotAllowedException for any other algorithm
     */
    public void checkContentEncryption(AlgorithmIdentifier contentEncryption, String peerCounty) {
        ASN1ObjectIdentifier oid = contentEncryption.getAlgorithm();
        if (CMSAlgorithm.AES256_GCM.equals(oid)) {
            return;
        }

        String where = peerCounty == null
                ? "the content encryption algorithm of an envelope from an unnamed county"
                : "the content encryption algorithm of the envelope from county " + peerCounty;
        if (BROKEN_CIPHERS.containsKey(oid)) {
            throw rejected(BROKEN_CIPHERS.get(oid), oid, where, "it is broken; use AES-256-GCM");
        }
        if (NISTObjectIdentifiers.id_aes256_CBC.equals(oid)) {
            if (peerCounty != null && cbcAllowedPeers.contains(peerCounty)) {
                return;
            }
            throw rejected("AES-256-CBC", oid, where, "AES-CBC is accepted only from the counties in the setting "
                    + "gateway.envelope.cbc-allowed-peers " + cbcAllowedPeers + "; use AES-256-GCM");
        }
        if (CBC_CIPHERS.contains(oid)) {
            throw rejected(name(oid), oid, where, "only AES-256-GCM, or AES-256-CBC from an allowed peer, is accepted");
        }
        throw rejected(name(oid), oid, where, "use AES-256-GCM");
    }

    /**
     * Checks the key management of one recipient info: RSA-OAEP with SHA-1, SHA-256, SHA-384
     * or SHA-512 for key transport, and ECDH (standard or cofactor) with an X9.63 KDF and AES
     * key wrap for key agreement. Other recipient info types (KEK, password) are rejected.
     *
     * @throws AlgorithmNotAllowedException for RSA PKCS#1 v1.5 and any other algorithm
     */
    public void checkKeyEncryption(RecipientInformation recipientInfo) {
        AlgorithmIdentifier algorithm = recipientInfo.getKeyEncryptionAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();

        if (recipientInfo instanceof KeyTransRecipientInformation) {
            checkKeyTransport(algorithm);
        } else if (recipientInfo instanceof KeyAgreeRecipientInformation) {
            checkKeyAgreement(algorithm);
        } else {
            throw rejected(name(oid), oid, "a recipient info of type " + recipientInfo.getRID().getType(),
                    "use key agreement (ECDH) or key transport (RSA-OAEP)");
        }
    }

    /**
     * Checks the digest and signature algorithms of a SignerInfo and the key of its signer
     * certificate.
     *
     * @throws AlgorithmNotAllowedException for SHA-1, MD5, RSA-PSS with a SHA-1 hash, or an
     *     unknown algorithm
     * @throws KeyTooSmallException for an RSA key under {@link #MIN_RSA_KEY_BITS} bits or an EC
     *     key under {@link #MIN_EC_KEY_BITS} bits
     */
    public void checkSigner(SignerInformation signerInfo, X509Certificate signer) {
        String where = "the signature of " + Certificates.describe(signer);

        ASN1ObjectIdentifier digest = signerInfo.getDigestAlgorithmID().getAlgorithm();
        if (!ALLOWED_DIGESTS.contains(digest)) {
            throw rejected(name(digest), digest, "the digest algorithm of " + where, "use SHA-256, SHA-384 or SHA-512");
        }

        AlgorithmIdentifier signature = signerInfo.toASN1Structure().getDigestEncryptionAlgorithm();
        ASN1ObjectIdentifier signatureOid = signature.getAlgorithm();
        if (!ALLOWED_SIGNATURES.contains(signatureOid)) {
            throw rejected(name(signatureOid), signatureOid, "the signature algorithm of " + where,
                    "use ECDSA or RSA-PSS with SHA-256, SHA-384 or SHA-512");
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(signatureOid)) {
            checkPssParameters(signature, where);
        }

        checkPublicKey(signer.getPublicKey(), "the signer key of " + Certificates.describe(signer));
    }

    /**
     * Checks a recipient certificate before sealing: its key must be EC of at least
     * {@link #MIN_EC_KEY_BITS} bits or RSA of at least {@link #MIN_RSA_KEY_BITS} bits, and its
     * key usage, when present, must allow keyAgreement (EC) or keyEncipherment (RSA).
     *
     * @throws KeyTooSmallException if the key is too short
     * @throws AlgorithmNotAllowedException if the key is neither EC nor RSA or the key usage excludes it
     */
    public void checkRecipientCertificate(X509Certificate recipient) {
        PublicKey key = recipient.getPublicKey();
        String where = "the recipient certificate " + Certificates.describe(recipient);
        checkPublicKey(key, where);

        boolean[] keyUsage = recipient.getKeyUsage();
        if (keyUsage == null) {
            return;
        }
        if (key instanceof ECPublicKey && !keyUsage[KeyUsageBits.KEY_AGREEMENT]) {
            throw new AlgorithmNotAllowedException("The key usage of " + where
                    + " does not allow keyAgreement; use the gateway's encryption certificate");
        }
        if (key instanceof RSAPublicKey && !keyUsage[KeyUsageBits.KEY_ENCIPHERMENT]) {
            throw new AlgorithmNotAllowedException("The key usage of " + where
                    + " does not allow keyEncipherment; use the gateway's encryption certificate");
        }
    }

    private void checkKeyTransport(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String where = "the key transport algorithm of a recipient info";
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            throw rejected("RSA PKCS#1 v1.5 key transport (rsaEncryption)", oid, where,
                    "it is open to padding oracle attacks (Bleichenbacher); use RSA-OAEP, "
                    + "with openssl: -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 after -recip");
        }
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(oid)) {
            throw rejected(name(oid), oid, where, "use RSA-OAEP");
        }

        RSAESOAEPparams parameters = RSAESOAEPparams.getInstance(algorithm.getParameters());
        requireKdfDigest(parameters.getHashAlgorithm().getAlgorithm(), "the RSA-OAEP hash of " + where);
        AlgorithmIdentifier maskGeneration = parameters.getMaskGenAlgorithm();
        if (!PKCSObjectIdentifiers.id_mgf1.equals(maskGeneration.getAlgorithm())) {
            throw rejected(name(maskGeneration.getAlgorithm()), maskGeneration.getAlgorithm(),
                    "the RSA-OAEP mask generation function of " + where, "use MGF1");
        }
        requireKdfDigest(AlgorithmIdentifier.getInstance(maskGeneration.getParameters()).getAlgorithm(),
                "the RSA-OAEP MGF1 hash of " + where);
    }

    private void checkKeyAgreement(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        String where = "the key agreement algorithm of a recipient info";
        if (!ALLOWED_KEY_AGREEMENTS.contains(oid)) {
            throw rejected(name(oid), oid, where, "use ECDH with the X9.63 KDF (dhSinglePass-stdDH-sha256kdf-scheme)");
        }

        ASN1ObjectIdentifier wrap = AlgorithmIdentifier.getInstance(algorithm.getParameters()).getAlgorithm();
        if (!ALLOWED_KEY_WRAPS.contains(wrap)) {
            throw rejected(name(wrap), wrap, "the key wrap algorithm of " + where, "use AES key wrap (RFC 3394)");
        }
    }

    private void checkPssParameters(AlgorithmIdentifier signature, String where) {
        RSASSAPSSparams parameters = RSASSAPSSparams.getInstance(signature.getParameters());
        ASN1ObjectIdentifier hash = parameters.getHashAlgorithm().getAlgorithm();
        if (!ALLOWED_DIGESTS.contains(hash)) {
            throw rejected(name(hash), hash, "the RSA-PSS hash of " + where, "use SHA-256, SHA-384 or SHA-512");
        }
    }

    private void requireKdfDigest(ASN1ObjectIdentifier digest, String where) {
        if (!KDF_AND_OAEP_DIGESTS.contains(digest)) {
            throw rejected(name(digest), digest, where, "use SHA-256");
        }
    }

    private void checkPublicKey(PublicKey key, String where) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_KEY_BITS) {
                throw new KeyTooSmallException("The RSA key of " + where + " has " + bits
                        + " bits; at least " + MIN_RSA_KEY_BITS + " are required");
            }
        } else if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_KEY_BITS) {
                throw new KeyTooSmallException("The EC key of " + where + " has " + bits
                        + " bits; use P-256 or P-384");
            }
        } else {
            throw new AlgorithmNotAllowedException("The key algorithm " + key.getAlgorithm() + " of " + where
                    + " is not accepted; use an EC or RSA key");
        }
    }

    private static AlgorithmNotAllowedException rejected(String name, ASN1ObjectIdentifier oid, String where, String advice) {
        return new AlgorithmNotAllowedException("Algorithm " + name + " (" + oid.getId() + ") in " + where
                + " is not allowed: " + advice);
    }

    private static String name(ASN1ObjectIdentifier oid) {
        return NAMES.hasAlgorithmName(oid) ? NAMES.getAlgorithmName(oid) : "unknown";
    }

    /** Key usage bits of RFC 5280, section 4.2.1.3. */
    static final class KeyUsageBits {
        static final int DIGITAL_SIGNATURE = 0;
        static final int NON_REPUDIATION = 1;
        static final int KEY_ENCIPHERMENT = 2;
        static final int KEY_AGREEMENT = 4;

        private KeyUsageBits() {
        }
    }
}
