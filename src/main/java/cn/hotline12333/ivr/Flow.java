package cn.hotline12333.ivr;

import java.util.Map;

/**
 * One flow file: a small graph of nodes. Immutable; a reload builds a new one. {@code version} is the
 * file's declared version plus a short content hash, so a call record names exactly what the caller heard.
 *
 * @param agent the node that key 0 leads to from every menu (a transfer to the general queue)
 */
public record Flow(String name, String version, String file, String start, String agent,
                   Map<String, Node> nodes) {

    public Node node(String id) {
        return nodes.get(id);
    }
}
