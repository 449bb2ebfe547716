package io.samsa.core.handler.group;

import io.samsa.core.coordinator.group.GroupRequestContext;
import io.samsa.core.dispatch.RequestContext;
import java.net.InetSocketAddress;

/** What the group coordinator needs of a request's context. */
final class GroupContexts {
    private GroupContexts() {}

    static GroupRequestContext of(RequestContext context) {
        return new GroupRequestContext(context.clientId(), clientHost(context.remoteAddress()), context.apiVersion());
    }

    /** As Kafka reports a member's host: the address without a reverse lookup ("/127.0.0.1"). */
    private static String clientHost(InetSocketAddress address) {
        if (address == null) {
            return "";
        }
        return address.getAddress() != null ? "/" + address.getAddress().getHostAddress() : address.getHostString();
    }
}
