package cn.hotline12333.calllog;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One agent's part of one call (a segment: from the ring to the end of the wrap-up), written by the agent
 * desktop when the wrap-up ends. An edited wrap-up is a new {@code revision} of the same {@code handlingId}:
 * the statistics replace the earlier revision's contribution with it. Durations come from monotonic clocks
 * at the source. Stream {@value #STREAM}; schema: docs/call-record.md.
 *
 * @param handlingId    unique per agent segment, e.g. {@code <callId>/<agent>/<n>}
 * @param revision      1 for the first wrap-up, then 2, 3, … for corrections
 * @param callId        the call record's call id, or null when the desktop could not learn it
 * @param uniqueId      the queued caller channel's Uniqueid as AMI gave it
 * @param offeredAt     when the agent's phone started ringing for this call
 * @param answeredAt    when the agent answered (null: the segment never connected)
 * @param endedAt       when the conversation ended (the wrap-up starts then)
 * @param holdMs        time the caller spent on hold during the conversation
 * @param talkMs        conversation time, hold included (as Asterisk's TalkTime); talk net of hold is
 *                      {@code talkMs - holdMs}
 * @param wrapupMs      after-call work, from {@code endedAt} to the wrap-up's submission or expiry
 * @param transferredTo where the agent transferred the caller (a queue or a number), null if not transferred
 * @param ringNoAnswer  how often this call rang agents without an answer before this agent answered
 * @param writtenAt     when this revision was written
 * @param ivrTopic      the topic the IVR routed the call under (its screen-pop context's last topic), null when
 *                      unknown; with the wrap-up code's topic it gives the routing matrix
 */
public record HandlingRecord(int version, String handlingId, int revision, String callId, String uniqueId,
                             String agent, String queue, OffsetDateTime offeredAt, OffsetDateTime answeredAt,
                             OffsetDateTime endedAt, long holdMs, long talkMs, long wrapupMs, String wrapupCode,
                             Resolution resolution, String transferredTo, List<String> workOrderIds,
                             int ringNoAnswer, OffsetDateTime writtenAt, String ivrTopic) {

    public static final String STREAM = "handling";
    public static final int VERSION = 1;

    public HandlingRecord {
        workOrderIds = workOrderIds == null ? List.of() : List.copyOf(workOrderIds);
    }

    /** A record whose IVR topic is not known (yet): {@link #withIvrTopic} adds it where the context is at hand. */
    public HandlingRecord(int version, String handlingId, int revision, String callId, String uniqueId, String agent,
                          String queue, OffsetDateTime offeredAt, OffsetDateTime answeredAt, OffsetDateTime endedAt,
                          long holdMs, long talkMs, long wrapupMs, String wrapupCode, Resolution resolution,
                          String transferredTo, List<String> workOrderIds, int ringNoAnswer, OffsetDateTime writtenAt) {
        this(version, handlingId, revision, callId, uniqueId, agent, queue, offeredAt, answeredAt, endedAt, holdMs,
                talkMs, wrapupMs, wrapupCode, resolution, transferredTo, workOrderIds, ringNoAnswer, writtenAt, null);
    }

    public HandlingRecord withIvrTopic(String topic) {
        return new HandlingRecord(version, handlingId, revision, callId, uniqueId, agent, queue, offeredAt, answeredAt,
                endedAt, holdMs, talkMs, wrapupMs, wrapupCode, resolution, transferredTo, workOrderIds, ringNoAnswer,
                writtenAt, topic);
    }

    public HandlingRecord withWrapup(String code) {
        return new HandlingRecord(version, handlingId, revision, callId, uniqueId, agent, queue, offeredAt, answeredAt,
                endedAt, holdMs, talkMs, wrapupMs, code, resolution, transferredTo, workOrderIds, ringNoAnswer,
                writtenAt, ivrTopic);
    }

    /** The topic of the wrap-up code: wrap-up codes are {@code <topic>.<code>} (ivr-flows/wrapup.yaml), or null. */
    public String wrapupTopic() {
        if (wrapupCode == null) {
            return null;
        }
        int dot = wrapupCode.indexOf('.');
        return dot > 0 ? wrapupCode.substring(0, dot) : null;
    }

    /** The key under which this revision is written once: a re-sent revision lands once, a new one lands too. */
    public String recordId() {
        return handlingId + "#" + revision;
    }

    /** How the agent closed the call (the wrap-up's 解决情况). */
    public enum Resolution {
        /** 已解答: answered on the spot. */
        ANSWERED,
        /** 需转办: needs another department (a work order). */
        REFERRED,
        /** 已转接: handed to another queue or number. */
        TRANSFERRED,
        /** 无效来电: silent, wrong number, nuisance. */
        INVALID_CALL,
        /** 需回拨: the agent must call back. */
        CALLBACK
    }
}
