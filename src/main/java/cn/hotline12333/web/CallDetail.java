package cn.hotline12333.web;

import cn.hotline12333.stats.ReportTable;
import java.util.Map;

/**
 * One call as the detail page shows it: its summary fields (call id, times, masked caller, entry, outcome,
 * survey…), the IVR path node by node with how the caller left each, and its queue stints.
 */
public record CallDetail(Map<String, Object> summary, ReportTable path, ReportTable stints) {
    public CallDetail {
        summary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(summary));
    }
}
