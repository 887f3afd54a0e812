package cn.hotline12333.ivr;

import cn.hotline12333.ivr.Node.InputNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.ScheduleNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TagNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One way from a node to another node of the same flow, as written: {@code field} is its key in the YAML
 * (where its line is kept), {@code label} how a problem names it. Menu key 0's implicit way to the agent is
 * not an edge here; the validator adds it.
 */
record Edge(String field, String label, String target) {

    static List<Edge> of(Node node) {
        List<Edge> edges = new ArrayList<>();
        if (node instanceof PlayNode n) {
            add(edges, "next", n.next());
        } else if (node instanceof MenuNode n) {
            new TreeMap<>(n.options()).forEach((key, target) ->
                    edges.add(new Edge("options." + key, "option \"" + key + "\"", target)));
            add(edges, "on_fail", n.onFail());
        } else if (node instanceof InputNode n) {
            add(edges, "next", n.next());
            add(edges, "on_fail", n.onFail());
            add(edges, "on_locked", n.onLocked());
        } else if (node instanceof ServiceNode n) {
            add(edges, "next", n.next());
            add(edges, "on_not_found", n.onNotFound());
            add(edges, "on_error", n.onError());
        } else if (node instanceof TransferNode n) {
            add(edges, "on_answered", n.onAnswered());
            add(edges, "on_timeout", n.onTimeout());
            add(edges, "on_unavailable", n.onUnavailable());
        } else if (node instanceof RecordNode n) {
            add(edges, "next", n.next());
            add(edges, "on_silence", n.onSilence());
            add(edges, "on_failure", n.onFailure());
        } else if (node instanceof RequestNode n) {
            add(edges, "next", n.next());
        } else if (node instanceof SurveyNode n) {
            add(edges, "next", n.next());
        } else if (node instanceof ScheduleNode n) {
            add(edges, "open", n.open());
            add(edges, "closed", n.closed());
        } else if (node instanceof TagNode n) {
            add(edges, "next", n.next());
        }
        return edges;
    }

    private static void add(List<Edge> edges, String field, String target) {
        if (target != null) {
            edges.add(new Edge(field, field, target));
        }
    }
}
