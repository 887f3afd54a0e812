package cn.hotline12333.agent;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where the floor's orders go: the AMI link in production, a recorder in tests. Never blocks; a refusal comes back
 * later through {@code refused} on whatever thread Asterisk-Java answers on.
 */
interface Switchboard {
    Switchboard NONE = (member, order, refused) -> { };

    void send(Member member, Transitions.Order order, Consumer<String> refused);

    /**
     * A queue member as AMI names it: MemberName = agent, Interface, StateInterface (the device whose state
     * app_queue reads for it), and the queues to act in.
     */
    record Member(String agent, String iface, String stateIface, List<String> queues) {
    }
}
