package cn.hotline12333.agent;

import cn.hotline12333.calllog.HandlingRecord.Resolution;
import java.util.List;

/**
 * The wrap-up form. {@code uniqueId} names the call (the open wrap-up's when null); {@code handlingId} names a
 * record already written, to correct it within 10 minutes. {@code idempotencyKey}: a re-sent form answers the
 * first result and writes nothing.
 */
public record WrapUp(String uniqueId, String callId, String handlingId, String code, Resolution resolution,
                     String notes, String transferredTo, List<String> workOrderIds, String idempotencyKey) {

    public WrapUp {
        workOrderIds = workOrderIds == null ? List.of() : List.copyOf(workOrderIds);
    }

    public static WrapUp of(String code, Resolution resolution) {
        return new WrapUp(null, null, null, code, resolution, null, null, List.of(), null);
    }
}
