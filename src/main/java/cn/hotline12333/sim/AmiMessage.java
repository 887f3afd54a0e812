package cn.hotline12333.sim;

import java.util.ArrayList;
import java.util.List;

/** What Asterisk writes: {@code Key: Value\r\n} lines in a fixed order, ended by an empty line. */
final class AmiMessage {

    private final List<String[]> lines = new ArrayList<>();

    AmiMessage add(String key, Object value) {
        lines.add(new String[] {key, String.valueOf(value)});
        return this;
    }

    AmiMessage addAll(AmiMessage more) {
        lines.addAll(more.lines);
        return this;
    }

    /** A header with an ActionID, only when the request had one (astman_send_response_full). */
    AmiMessage actionId(String id) {
        if (!id.isEmpty()) {
            add("ActionID", id);
        }
        return this;
    }

    String get(String key) {
        for (String[] l : lines) {
            if (l[0].equals(key)) {
                return l[1];
            }
        }
        return null;
    }

    List<String[]> lines() {
        return lines;
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String[] l : lines) {
            out.append(l[0]).append(": ").append(l[1]).append("\r\n");
        }
        return out.append("\r\n").toString();
    }

    static AmiMessage response(String response, String actionId) {
        return new AmiMessage().add("Response", response).actionId(actionId);
    }

    static AmiMessage error(String actionId, String message) {
        return response("Error", actionId).add("Message", message);
    }

    static AmiMessage success(String actionId, String message) {
        return response("Success", actionId).add("Message", message);
    }
}
