package cn.hotline12333.ivr;

import java.util.Map;

/** The answer of a self-service query: whether the citizen's data was found, and its fields to speak. */
public record ServiceAnswer(boolean found, Map<String, String> fields) {
    public ServiceAnswer {
        fields = Map.copyOf(fields);
    }

    /** No record for the citizen: the flow goes to the node's {@code onNotFound}. */
    public static ServiceAnswer notFound() {
        return new ServiceAnswer(false, Map.of());
    }
}
