package cn.hotline12333.ivr;

import java.util.Map;

/**
 * One flow file: a small graph of nodes. Immutable; a reload builds a new one. {@code version} is the
 * file's declared version plus a short content hash, so a call record names exactly what the caller heard.
 *
 * @param agent   the node that key 0 leads to from every menu (a transfer to the general queue)
 * @param prompts the flow's shared prompts that the engine plays by itself; the loader guarantees at least
 *                {@code sorry} (our fault, apology before the caller goes back to the dialplan),
 *                {@code invalid} (a wrong key or invalid number), {@code no_input} (nothing typed in time)
 *                and {@code goodbye}
 */
public record Flow(String name, String version, String file, String start, String agent,
                   Map<String, Prompt> prompts, Map<String, Node> nodes) {

    public Flow {
        prompts = Map.copyOf(prompts);
        nodes = Map.copyOf(nodes);
    }

    public Node node(String id) {
        return nodes.get(id);
    }

    public Prompt prompt(String name) {
        return prompts.get(name);
    }
}
