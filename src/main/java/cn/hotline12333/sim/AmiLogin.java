package cn.hotline12333.sim;

/** Login and Challenge as manager.c's action_login / authenticate / action_challenge answer them. */
final class AmiLogin {

    private AmiLogin() {
    }

    static void challenge(AmiSession s, AmiRequest m, String id) {
        if (!m.get("AuthType").equalsIgnoreCase("MD5")) {
            s.respond(AmiMessage.error(id, "Must specify AuthType"));
            return;
        }
        if (s.challenge.isEmpty()) {
            s.challenge = Long.toString(s.box.settings().challenges().getAsLong());
        }
        s.respond(AmiMessage.response("Success", id).add("Challenge", s.challenge));
    }

    static void login(AmiSession s, AmiRequest m, String id) {
        if (s.authenticated) {
            s.respond(AmiMessage.success(id, "Already authenticated"));
            return;
        }
        String username = m.get("Username");
        AmiSettings.User user = s.box.settings().users().get(username);
        if (user == null || s.box.refusingLogins() || !secretMatches(s, m, user)) {
            // manager.c: sleep(1), "Authentication failed", then the session ends
            long delay = s.box.settings().authFailureDelay().toNanos();
            s.later(delay, () -> s.respondAndClose(AmiMessage.error(id, "Authentication failed")));
            return;
        }
        s.authenticated = true;
        s.user = username;
        s.readPerm = AmiClass.mask(user.read());
        s.writePerm = AmiClass.mask(user.write());
        int mask = AmiClass.eventMask(m.get("Events"));
        s.sendEvents = m.get("Events").isEmpty() ? s.readPerm : mask >= 0 ? s.readPerm & mask : s.readPerm;
        long now = s.box.micros();
        s.sessionStartMicros = now;
        s.respond(AmiMessage.success(id, "Authentication accepted"));
        if ((s.sendEvents & AmiClass.SYSTEM) != 0) {
            // written straight to this session, so no Timestamp line even with timestampevents
            s.respond(new AmiMessage().add("Event", "FullyBooted").add("Privilege", AmiClass.privilege(AmiClass.SYSTEM))
                    .add("Uptime", (now - s.box.startupMicros()) / 1_000_000)
                    .add("LastReload", (now - s.box.reloadMicros()) / 1_000_000).add("Status", "Fully Booted"));
        }
        s.box.publish(new AmiEvent("SuccessfulAuth", AmiClass.SECURITY, new AmiMessage()
                .add("EventTV", AmiSession.eventTv(now)).add("Severity", "Informational").add("Service", "AMI")
                .add("EventVersion", 1).add("AccountID", username).add("SessionID", s.sessionIdText())
                .add("LocalAddress", s.localAddress()).add("RemoteAddress", s.remoteAddress())
                .add("UsingPassword", 0).add("SessionTV", AmiSession.eventTv(now))));
        s.box.loggedIn(s);
    }

    private static boolean secretMatches(AmiSession s, AmiRequest m, AmiSettings.User user) {
        if (m.get("AuthType").equalsIgnoreCase("MD5")) {
            return !s.challenge.isEmpty() && m.get("Key").equalsIgnoreCase(AmiActions.md5(s.challenge + user.secret()));
        }
        return m.get("Secret").equals(user.secret());
    }
}
