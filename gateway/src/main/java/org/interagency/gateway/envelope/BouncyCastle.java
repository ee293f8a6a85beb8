package org.interagency.gateway.envelope;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The Bouncy Castle provider instance the CMS code passes to each builder. It is not
 * registered with {@link java.security.Security}, so other code keeps the JDK providers.
 */
final class BouncyCastle {

    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}
