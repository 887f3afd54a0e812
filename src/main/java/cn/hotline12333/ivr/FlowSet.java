package cn.hotline12333.ivr;

import java.util.Map;

/**
 * One consistent, validated snapshot of every flow and the working hours. A call keeps the snapshot it
 * started with, so a reload never changes a call in progress; a goto looks up its target flow here.
 */
public record FlowSet(Map<String, Flow> flows, WorkingHours hours) {
    public FlowSet {
        flows = Map.copyOf(flows);
    }

    public Flow flow(String name) {
        return flows.get(name);
    }
}
