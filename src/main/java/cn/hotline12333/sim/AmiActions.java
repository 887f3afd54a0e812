package cn.hotline12333.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * manager.c's process_message and the actions the hotline uses, answered with Asterisk 22's exact texts
 * (transcripts ami-login.txt, ami-member-pause.txt; app_queue.c manager_* functions). Runs on the session's
 * event loop.
 */
final class AmiActions {

    /** The write classes each action needs (its ast_manager_register authority; 0 = anyone logged in). */
    private static final Map<String, Integer> AUTHORITY = Map.ofEntries(
            Map.entry("ping", 0), Map.entry("events", 0), Map.entry("logoff", 0), Map.entry("login", 0),
            Map.entry("challenge", 0), Map.entry("queuestatus", 0), Map.entry("queuesummary", 0),
            Map.entry("queueadd", AmiClass.AGENT), Map.entry("queueremove", AmiClass.AGENT),
            Map.entry("queuepause", AmiClass.AGENT), Map.entry("queuelog", AmiClass.AGENT),
            Map.entry("queuepenalty", AmiClass.AGENT), Map.entry("filter", AmiClass.SYSTEM),
            Map.entry("coresettings", AmiClass.SYSTEM | AmiClass.REPORTING),
            Map.entry("corestatus", AmiClass.SYSTEM | AmiClass.REPORTING),
            Map.entry("coreshowchannels", AmiClass.SYSTEM | AmiClass.REPORTING),
            Map.entry("command", AmiClass.bit("command")), Map.entry("getvar", AmiClass.CALL | AmiClass.REPORTING),
            Map.entry("setvar", AmiClass.CALL), Map.entry("hangup", AmiClass.SYSTEM | AmiClass.CALL),
            Map.entry("originate", AmiClass.ORIGINATE));

    private AmiActions() {
    }

    static void handle(AmiSession s, AmiRequest m) {
        String id = m.get("ActionID");
        String action = m.get("Action");
        if (action.isEmpty()) {
            // report_req_bad_format(s, "NONE"): the event reaches the client only after its next request
            s.deferred = requestBadFormat(s, "NONE");
            s.respond(AmiMessage.error(id, "Missing action in request"));
            return;
        }
        String name = action.toLowerCase(Locale.ROOT);
        if (!s.authenticated && !name.equals("login") && !name.equals("logoff") && !name.equals("challenge")) {
            s.respond(AmiMessage.error(id, "Permission denied"));
            return;
        }
        Integer authority = AUTHORITY.get(name);
        if (authority == null) {
            s.respond(AmiMessage.error(id, "Invalid/unknown command: " + action
                    + ". Use Action: ListCommands to show available commands."));
            s.box.publish(requestBadFormat(s, action));
            return;
        }
        if (authority != 0 && (s.writePerm & authority) == 0) {
            s.respond(AmiMessage.error(id, "Permission denied"));
            return;
        }
        switch (name) {
            case "login" -> AmiLogin.login(s, m, id);
            case "challenge" -> AmiLogin.challenge(s, m, id);
            case "logoff" -> s.respondAndClose(AmiMessage.response("Goodbye", id).add("Message", "Thanks for all the fish."));
            case "ping" -> s.respond(AmiMessage.response("Success", id).add("Ping", "Pong")
                    .add("Timestamp", timestamp(s.box.micros())));
            case "events" -> events(s, m, id);
            case "filter" -> filter(s, m, id);
            case "coresettings" -> coreSettings(s, id);
            case "corestatus" -> coreStatus(s, id);
            case "command" -> command(s, m, id);
            case "getvar" -> getvar(s, m, id);
            case "setvar" -> setvar(s, m, id);
            case "hangup" -> s.respond(AmiMessage.error(id, m.get("Channel").isEmpty() ? "No channel specified"
                    : "No such channel"));
            case "originate" -> AmiOriginate.originate(s, m, id);
            case "coreshowchannels" -> list(s, id, "Channels will follow", "CoreShowChannelsComplete",
                    s.box.queues().channels(id, s.box.micros() / 1_000_000));
            default -> AmiQueueActions.handle(s, name, m, id);
        }
    }

    static String timestamp(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** A list answer: the ack with EventList start, the items, the …Complete event (astman_send_list_complete). */
    static void list(AmiSession s, String id, String message, String completeEvent, List<AmiMessage> items) {
        StringBuilder out = new StringBuilder(AmiMessage.response("Success", id).add("EventList", "start")
                .add("Message", message).render());
        items.forEach(i -> out.append(i.render()));
        out.append(new AmiMessage().add("Event", completeEvent).actionId(id).add("EventList", "Complete")
                .add("ListItems", items.size()).render());
        s.respond(out.toString());
    }

    private static void events(AmiSession s, AmiRequest m, String id) {
        int mask = AmiClass.eventMask(m.get("EventMask"));
        if (mask >= 0) {
            s.sendEvents = s.readPerm & mask;
        }
        if (mask > 0) {
            s.respond(AmiMessage.response("Success", id).add("Events", "On"));
        } else if (mask == 0) {
            s.respond(AmiMessage.response("Success", id).add("Events", "Off"));
        } else {
            s.respond(AmiMessage.error(id, "Invalid event mask"));
        }
    }

    private static void filter(AmiSession s, AmiRequest m, String id) {
        String operation = m.get("Operation");
        if (!operation.isEmpty() && !operation.equalsIgnoreCase("Add")) {
            s.respond(AmiMessage.error(id, "Unknown operation"));
            return;
        }
        AmiFilter filter = AmiFilter.parse(m.get("MatchCriteria"), m.get("Filter"));
        if (filter == null) {
            s.respond(AmiMessage.error(id, "Filter Not Added"));
            return;
        }
        s.filters.add(filter);
        s.respond(AmiMessage.success(id, "Success"));
    }

    private static void coreSettings(AmiSession s, String id) {
        AmiSettings c = s.box.settings();
        s.respond(AmiMessage.response("Success", id).add("AMIversion", c.amiVersion())
                .add("AsteriskVersion", c.asteriskVersion()).add("SystemName", c.systemName())
                .add("CoreMaxCalls", 2000).add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "")
                .add("CoreRunGroup", "").add("CoreMaxFilehandles", 0).add("CoreRealTimeEnabled", "No")
                .add("CoreCDRenabled", "Yes").add("CoreHTTPenabled", "No").add("SoundsSearchCustomDir", "No"));
    }

    private static void coreStatus(AmiSession s, String id) {
        java.time.format.DateTimeFormatter date = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd");
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
        java.time.ZonedDateTime start = zoned(s.box.startupMicros());
        java.time.ZonedDateTime reload = zoned(s.box.reloadMicros());
        s.respond(AmiMessage.response("Success", id).add("CoreStartupDate", date.format(start))
                .add("CoreStartupTime", time.format(start)).add("CoreReloadDate", date.format(reload))
                .add("CoreReloadTime", time.format(reload)).add("CoreCurrentCalls", s.box.queues().channelCount())
                .add("CoreProcessedCalls", s.box.queues().channelCount()));
    }

    private static java.time.ZonedDateTime zoned(long micros) {
        return java.time.Instant.ofEpochSecond(micros / 1_000_000).atZone(java.time.ZoneOffset.UTC);
    }

    private static void command(AmiSession s, AmiRequest m, String id) {
        String command = m.get("Command").trim();
        if (command.equals("core show version")) {
            s.respond(AmiMessage.response("Success", id).add("Message", "Command output follows")
                    .add("Output", "Asterisk " + s.box.settings().asteriskVersion()
                            + " built by root @ vm on a x86_64 running Linux on 2026-11-23 14:47:50 UTC"));
            return;
        }
        if (command.startsWith("queue show")) {
            List<String> lines = s.box.queues().show(command.substring(10).trim());
            if (lines != null) {
                AmiMessage answer = AmiMessage.response("Success", id).add("Message", "Command output follows");
                lines.forEach(l -> answer.add("Output", l));
                s.respond(answer);
                return;
            }
            s.respond(AmiMessage.response("Success", id).add("Message", "Command output follows")
                    .add("Output", "No such queue: " + command.substring(10).trim() + "."));
            return;
        }
        String[] words = command.split("\\s+");
        String firstTwo = words.length > 1 ? words[0] + " " + words[1] : words[0];
        s.respond(AmiMessage.response("Error", id).add("Message", "Command output follows")
                .add("Output", "No such command '" + command + "' (type 'core show help " + firstTwo
                        + "' for other possible commands)"));
    }

    private static void getvar(AmiSession s, AmiRequest m, String id) {
        String variable = m.get("Variable");
        if (variable.isEmpty()) {
            s.respond(AmiMessage.error(id, "No variable specified"));
            return;
        }
        s.respond(AmiMessage.response("Success", id).add("Variable", variable).add("Value", ""));
    }

    /** Setvar of DEVICE_STATE(device) changes that device (how tests and the transcripts move a Custom: phone). */
    private static void setvar(AmiSession s, AmiRequest m, String id) {
        String variable = m.get("Variable");
        if (variable.isEmpty()) {
            s.respond(AmiMessage.error(id, "No variable specified"));
            return;
        }
        s.respond(AmiMessage.success(id, "Variable Set"));
        if (variable.toUpperCase(Locale.ROOT).startsWith("DEVICE_STATE(") && variable.endsWith(")")) {
            s.box.deviceState(variable.substring(13, variable.length() - 1), m.get("Value").toUpperCase(Locale.ROOT));
        }
    }

    private static AmiEvent requestBadFormat(AmiSession s, String requestType) {
        long now = s.box.micros();
        return new AmiEvent("RequestBadFormat", AmiClass.SECURITY, new AmiMessage()
                .add("EventTV", AmiSession.eventTv(now)).add("Severity", "Error").add("Service", "AMI")
                .add("EventVersion", 1).add("SessionID", s.sessionIdText()).add("LocalAddress", s.localAddress())
                .add("RemoteAddress", s.remoteAddress()).add("RequestType", "Action: " + requestType)
                .add("SessionTV", AmiSession.eventTv(s.sessionStartMicros)).add("AccountID", s.user));
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 missing from the JDK", e);
        }
    }
}
