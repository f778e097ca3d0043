package org.fedhaem.grpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plaintext mode stays on this machine, on both ends (no packet is sent: the checks come before any connection). */
class InsecureModeTest {

    @Test
    void aSiteAgentRefusesANonLoopbackCoordinator() {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed, and never contacted here.
        assertThatThrownBy(() -> SiteAgent.insecure("192.0.2.1", 7000, "site1", info -> null,
                SiteAgent.Options.defaults())).hasMessageContaining("--insecure connects to a coordinator on this "
                + "machine only").hasMessageContaining("192.0.2.1");
    }

    @Test
    void aCoordinatorRefusesToBindANonLoopbackAddress() {
        assertThatThrownBy(() -> GrpcFleet.insecure(new InetSocketAddress("192.0.2.1", 0), List.of("site1"),
                GrpcFleet.Options.defaults())).hasMessageContaining("--insecure binds a loopback address only");
    }
}
