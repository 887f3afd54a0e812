package cn.hotline12333.sim;

/**
 * An event as manager_event() gets it: name, class and body. The {@code Event:} and {@code Privilege:} lines,
 * and {@code Timestamp:} / {@code SystemName:} when configured, are put in front when it is published.
 */
record AmiEvent(String name, int category, AmiMessage body) {

    /** The bytes every session receives: stamp is "" or the Timestamp/SystemName lines, CRLF ended. */
    String render(String stamp) {
        return "Event: " + name + "\r\nPrivilege: " + AmiClass.privilege(category) + "\r\n" + stamp + body.render();
    }
}
