package org.interagency.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests route {@code replay-store-purge} with its timer replaced by a direct endpoint. */
class ReplayStorePurgeRouteTest {

    /** Stands in for the gateway's {@code OpenedMessageStore} and counts the purges. */
    public static final class StoreStub {
        final AtomicInteger purges = new AtomicInteger();

        public int purgeExpired() {
            purges.incrementAndGet();
            return 3;
        }
    }

    private final StoreStub store = new StoreStub();
    private CamelContext context;

    @BeforeEach
    void startCamel() throws Exception {
        context = new DefaultCamelContext();
        context.getRegistry().bind("openedMessageStore", store);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "classpath:routes/replay-store-purge.yaml"));
        AdviceWith.adviceWith(context, "replay-store-purge", route -> route.replaceFromWith("direct:purge"));
        context.start();
    }

    @AfterEach
    void stopCamel() {
        context.stop();
    }

    @Test
    void purgeCallsStoreOncePerTick() {
        context.createProducerTemplate().sendBody("direct:purge", null);
        context.createProducerTemplate().sendBody("direct:purge", null);

        assertThat(store.purges).hasValue(2);
    }
}
