package cn.hotline12333.web;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.Outcome;
import java.time.OffsetDateTime;
import java.util.List;

/** A call record that asks for a task, as the IVR writes it. */
final class TasksFixture {
    private TasksFixture() {
    }

    static CallRecord call(String id, Outcome outcome) {
        OffsetDateTime at = OffsetDateTime.parse("2025-09-26T19:00+08:00");
        return CallRecord.builder().version(2).callId("pbx-bj-1/" + id).asteriskSystem("pbx-bj-1").uniqueId(id)
                .serverNode("node-a").flow("hotline").flowVersion("1").callerNumber("13800138000")
                .dialledNumber("12333").channel("PJSIP/trunk-1").startedAt(at).endedAt(at.plusMinutes(2))
                .durationMs(120_000).topics(List.of()).outcome(outcome).hungUpBy(CallRecord.HungUpBy.IVR).build();
    }
}
