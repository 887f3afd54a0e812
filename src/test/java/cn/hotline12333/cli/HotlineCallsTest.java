package cn.hotline12333.cli;

import static cn.hotline12333.cli.NodeHarness.agents;
import static cn.hotline12333.cli.NodeHarness.agentsAnswer;
import static cn.hotline12333.cli.NodeHarness.caller;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.hotline12333.calllog.CallRecord;
import cn.hotline12333.calllog.CallRecords;
import cn.hotline12333.calllog.Outcome;
import cn.hotline12333.demo.DemoCitizens;
import cn.hotline12333.ivr.CallerHash;
import cn.hotline12333.ivr.SelfService;
import cn.hotline12333.sim.EmulatedCall;
import cn.hotline12333.sim.QueueBehaviour;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * Whole calls through the emulator against a real node (Monday 2026-11-23 10:00 Beijing time, in working
 * hours), one per branch of the main flow, each checked by the call record the node wrote to Redis.
 */
class HotlineCallsTest {
    @TempDir
    static Path journal;
    static NodeHarness harness;
    static DemoCitizens.Citizen citizen;

    @BeforeAll
    static void start() {
        harness = new NodeHarness("2026-11-23T10:00+08:00", journal, Map.of());
        citizen = DemoCitizens.asOf(Clock.fixed(OffsetDateTime.parse("2026-11-23T10:00+08:00").toInstant(),
                java.time.ZoneOffset.ofHours(8))).citizens().get(0);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String id() {
        return citizen.id().value().replace('X', '*');
    }

    private static CallRecord walk(String... keys) throws Exception {
        EmulatedCall call = harness.dial(caller(keys).build(), agentsAnswer());
        return harness.record(call);
    }

    private static void assertCleanRecord(CallRecord r) {
        String json = CallRecords.toJson(r);
        assertThat(json).doesNotContain(citizen.id().value()).doesNotContain(citizen.pin());
        assertThat(r.flow()).isEqualTo("hotline");
        assertThat(r.flowVersion()).startsWith("2026.11-1+");
        assertThat(r.serverNode()).isEqualTo("test-node");
        assertThat(r.asteriskSystem()).isEqualTo("it");
        assertThat(r.callerNumber()).isEqualTo("13912345678");
        assertThat(r.dialledNumber()).isEqualTo("12333");
        assertThat(r.answeredAt()).isNotNull();
        assertThat(r.endedAt()).isAfterOrEqualTo(r.startedAt());
        assertThat(r.startedAt().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
        assertThat(harness.count(r.callId())).isEqualTo(1);
        // the call originated on the AGI channel, so its linkedid is its own uniqueid
        assertThat(r.linkedId()).isEqualTo(r.uniqueId());
        assertThat(r.callerHash()).isEqualTo(CallerHash.demo().of("13912345678")).hasSize(32);
        assertThat(r.path()).allSatisfy(v -> assertThat(v.exit()).as(v.node()).isNotNull());
        assertThat(json).doesNotContain(CallerHash.DEMO_KEY);
    }

    @Test
    void pensionSelfServiceTellsThisMonthsPayment() throws Exception {
        CallRecord r = walk("1", "1", "1", id(), citizen.pin(), "#");
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(r.topics()).contains("pension");
        assertThat(r.path()).extracting(CallRecord.Visit::node)
                .containsSubsequence("main", "insurance", "pension", "pension_id", "pension_pin", "pension_payment");
        assertThat(r.inputs()).extracting(CallRecord.Input::kind).containsExactly("citizen_id", "pin");
        assertThat(r.inputs()).allMatch(CallRecord.Input::valid);
        assertThat(r.inputs().get(0).value()).isEqualTo(citizen.id().toString());
        assertThat(r.inputs().get(1).value()).isEqualTo("******");
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.IVR);
    }

    @Test
    void aSuspendedPensionIsNotReadOutWithAnAmount() throws Exception {
        DemoCitizens.Citizen suspended = DemoCitizens.asOf(Clock.systemUTC()).citizens().stream()
                .filter(c -> c.record().pension().status().equals("suspended")).findFirst().orElseThrow();
        EmulatedCall call = harness.dial(caller("1", "1", "1", suspended.id().value().replace('X', '*'),
                suspended.pin(), "#").build(), agentsAnswer());
        assertThat(harness.record(call).outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(call.prompts()).contains("hotline/hotline-pension_payment-status-suspended")
                .noneMatch(p -> p.startsWith("hotline/hotline-pension_payment-say-5"));
        assertThat(call.commands()).noneMatch(c -> c.equals("SAY NUMBER " + suspended.record().pension().amount() + " \"\""));
    }

    @Test
    void unemploymentBenefitStatus() throws Exception {
        CallRecord r = walk("1", "2", "1", id(), citizen.pin(), "#");
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(r.topics()).contains("unemployment");
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("unemployment_benefit");
    }

    @Test
    void contributionRecord() throws Exception {
        CallRecord r = walk("1", "5", id(), citizen.pin(), "#");
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(r.topics()).contains("contributions");
    }

    @Test
    void socialSecurityCardStatus() throws Exception {
        CallRecord r = walk("2", "1", id(), citizen.pin(), "#");
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(r.topics()).contains("card");
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("card_status");
    }

    @Test
    void cardLossReportChangesTheCardInRedis() throws Exception {
        DemoCitizens.Citizen holder = DemoCitizens.asOf(Clock.systemUTC()).citizens().stream()
                .filter(c -> c.record().cardStatus().equals("active")).findFirst().orElseThrow();
        String keyed = holder.id().value().replace('X', '*');
        CallRecord r = harness.record(harness.dial(caller("2", "2", keyed, holder.pin(), "1", "#").build(), agentsAnswer()));
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("card_loss_confirm", "card_report_loss");
        assertThat(new SelfService(harness.node.redis(), Clock.systemUTC()).answer("card_status", holder.id())
                .fields()).containsEntry("status", "reported_lost");
    }

    @Test
    void wrongPinThreeTimesLocksTheAccountAcrossCalls() throws Exception {
        DemoCitizens.Citizen other = DemoCitizens.asOf(Clock.systemUTC()).citizens().get(3);
        String keyed = other.id().value().replace('X', '*');
        String wrong = other.pin().equals("000000") ? "111111" : "000000";
        CallRecord r = harness.record(harness.dial(caller("1", "1", "1", keyed, wrong, wrong, wrong).build(),
                agentsAnswer()));
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("pin_locked");
        assertThat(r.inputs()).filteredOn(i -> i.kind().equals("pin")).allMatch(i -> !i.valid());
        // Locked in Redis, so the right PIN on the next call is refused too.
        CallRecord next = harness.record(harness.dial(caller("1", "1", "1", keyed, other.pin()).build(), agentsAnswer()));
        assertThat(next.path()).extracting(CallRecord.Visit::node).contains("pin_locked").doesNotContain("pension_payment");
    }

    @Test
    void employmentInformationThenTheCallerHangsUp() throws Exception {
        CallRecord r = harness.record(harness.dial(caller("3", "1").hangUpAtInput(3).build(), agentsAnswer()));
        assertThat(r.outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.CALLER);
        assertThat(r.topics()).contains("employment");
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("employment_registration");
    }

    @Test
    void wageArrearsComplaintIsAMessageForLabourInspectionWithAReplyDue() throws Exception {
        EmulatedCall call = harness.dial(caller("4", "2").messageLength(Duration.ofSeconds(40)).build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.MESSAGE_LEFT);
        assertThat(r.topics()).contains("wage_arrears");
        var entries = harness.node.redis().jedis().xrange("mailbox:labour-inspection", (StreamEntryID) null, null, 1000);
        var mine = entries.stream().filter(e -> r.callId().equals(e.getFields().get("call_id"))).toList();
        assertThat(mine).hasSize(1);
        // Monday 23 November plus 7 working days is Wednesday 2 December.
        assertThat(mine.get(0).getFields().get("reply_due")).startsWith("2026-12-02");
        assertThat(mine.get(0).getFields().get("caller")).isEqualTo("13912345678");
    }

    @Test
    void aSilentComplaintIsNoMessageAndTheCallerIsNotThankedForOne() throws Exception {
        EmulatedCall call = harness.dial(caller("4", "2").hangUpAtInput(5).build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertThat(r.outcome()).isNotEqualTo(Outcome.MESSAGE_LEFT);
        assertThat(r.path()).extracting(CallRecord.Visit::node).containsSubsequence("complaint_record", "labour")
                .doesNotContain("complaint_done");
        assertThat(harness.node.redis().jedis().xrange("mailbox:labour-inspection", (StreamEntryID) null, null, 1000))
                .noneMatch(e -> r.callId().equals(e.getFields().get("call_id")));
        assertThat(call.commands()).anyMatch(c -> c.startsWith("RECORD FILE /var/spool/asterisk/hotline-msg/"));
    }

    @Test
    void personnelServicesThenAnAgentAnswersAndTheSurveyScores() throws Exception {
        CallRecord r = walk("5", "5", "2", "0", "5"); // 5 more services, 5 personnel
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r.queue()).isEqualTo("hotline-general");
        assertThat(r.queueStatus()).isEqualTo("CONTINUE");
        assertThat(r.queueWaitMs()).isNotNull();
        assertThat(r.surveyScore()).isEqualTo(5);
        assertThat(r.survey()).isEqualTo(new CallRecord.Survey(true, 5));
        assertThat(r.topics()).contains("personnel");
        assertThat(r.queueStints()).singleElement().satisfies(stint -> {
            assertThat(stint.queue()).isEqualTo("hotline-general");
            assertThat(stint.result()).isEqualTo(CallRecord.StintResult.ANSWERED);
            // MEMBERNAME, set on the caller's channel by app_queue (setinterfacevar=yes) when the agent answered
            assertThat(stint.agent()).startsWith("hotline-general-agent-");
            assertThat(stint.waitMs()).isNotNull();
            assertThat(stint.talkMs()).isPositive();
            assertThat(stint.leftAt()).isAfterOrEqualTo(stint.enteredAt());
        });
    }

    // Seen on a real Asterisk: this was recorded caller_hung_up with hung_up_by ivr.
    @Test
    void queueTimeoutWithNothingChosenAtTheBusyMenuIsAQueueTimeoutTheIvrEnded() throws Exception {
        EmulatedCall call = harness.dial(caller("0").build(), agents(QueueBehaviour.nobodyAnswers()));
        CallRecord r = harness.record(call);
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.QUEUE_TIMEOUT);
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.IVR);
        assertThat(r.queueStints()).extracting(CallRecord.QueueStint::result, CallRecord.QueueStint::agent,
                CallRecord.QueueStint::talkMs).containsExactly(tuple(CallRecord.StintResult.TIMEOUT, null, 0L));
        assertThat(r.path()).extracting(CallRecord.Visit::node, CallRecord.Visit::exit).endsWith(
                tuple("agent", CallRecord.Exit.QUEUE), tuple("busy", CallRecord.Exit.TIMEOUT),
                tuple("goodbye", CallRecord.Exit.END));
    }

    @Test
    void retirementQueueTimesOutAndTheCallerAsksForACallback() throws Exception {
        EmulatedCall call = harness.dial(caller("6", "0", "2", "1").build(), agents(QueueBehaviour.nobodyAnswers()));
        CallRecord r = harness.record(call);
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.CALLBACK_REQUESTED);
        // the pension queue's 90 s ran out, the overflow to the general queue ran out too: then the busy menu
        assertThat(r.queueStints()).extracting(CallRecord.QueueStint::queue, CallRecord.QueueStint::result)
                .containsExactly(tuple("hotline-pension", CallRecord.StintResult.TIMEOUT),
                        tuple("hotline-general", CallRecord.StintResult.TIMEOUT));
        assertThat(r.queueStints().get(0).waitMs()).isEqualTo(90_000);
        assertThat(r.queue()).isEqualTo("hotline-general");
        assertThat(r.queueStatus()).isEqualTo("TIMEOUT");
        assertThat(r.topics()).contains("retirement");
        assertThat(harness.node.redis().jedis().xrange("requests:callback", (StreamEntryID) null, null, 1000))
                .anyMatch(e -> r.callId().equals(e.getFields().get("call_id"))
                        && "13912345678".equals(e.getFields().get("number")));
    }

    @Test
    void callerGivesUpWaitingInTheQueue() throws Exception {
        EmulatedCall call = harness.dial(caller("0").queuePatience(Duration.ofSeconds(30)).build(),
                agents(QueueBehaviour.nobodyAnswers()));
        CallRecord r = harness.record(call);
        assertThat(r.outcome()).isEqualTo(Outcome.QUEUE_ABANDONED);
        assertThat(r.queueStatus()).isEqualTo("ABANDONED");
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.CALLER);
        assertThat(r.queueWaitMs()).isGreaterThanOrEqualTo(30_000L);
    }

    @Test
    void deafAndHardOfHearingCallersGetTheSignLanguageLinkBySms() throws Exception {
        CallRecord r = walk("7", "1", "1");
        assertCleanRecord(r);
        // seen on a real Asterisk: this was recorded caller_hung_up with hung_up_by ivr
        assertThat(r.outcome()).isEqualTo(Outcome.SMS_LINK_REQUESTED);
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.IVR);
        assertThat(r.topics()).contains("accessibility");
        assertThat(harness.node.redis().jedis().xrange("requests:sms_link", (StreamEntryID) null, null, 1000))
                .anyMatch(e -> r.callId().equals(e.getFields().get("call_id")));
    }

    @Test
    void medicalInsuranceIsReferredTo12393ThroughTheDialplan() throws Exception {
        EmulatedCall call = harness.dial(caller("8").build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertCleanRecord(r);
        assertThat(r.outcome()).isEqualTo(Outcome.TRANSFERRED);
        assertThat(r.topics()).contains("medical_referral");
        assertThat(call.variables()).containsEntry("HOTLINE_RESULT", "transfer").containsEntry("HOTLINE_TRANSFER", "12393");
    }

    @Test
    void maternityQuestionsAlsoGoTo12393() throws Exception {
        CallRecord r = walk("1", "4", "1");
        assertThat(r.outcome()).isEqualTo(Outcome.TRANSFERRED);
        assertThat(r.topics()).contains("maternity");
    }

    @Test
    void workInjuryInformation() throws Exception {
        CallRecord r = walk("1", "3", "1");
        assertThat(r.topics()).contains("work_injury");
        assertThat(r.path()).extracting(CallRecord.Visit::node).contains("work_injury_claim");
    }

    @Test
    void silentCallerEndsWithAnAgentAfterTheMenusRetries() throws Exception {
        CallRecord r = walk();
        assertThat(r.path()).extracting(CallRecord.Visit::node).containsExactly("welcome", "hours", "main", "agent",
                "survey", "goodbye");
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r.surveyScore()).isNull();
    }

    @Test
    void invalidKeysUntilRetriesRunOutGoToTheAgent() throws Exception {
        CallRecord r = walk("#", "#", "#", "5");
        assertThat(r.path()).extracting(CallRecord.Visit::node).containsSubsequence("main", "agent");
        assertThat(r.outcome()).isEqualTo(Outcome.AGENT_ANSWERED);
        assertThat(r.surveyScore()).isEqualTo(5);
    }

    @Test
    void callerHangsUpMidMenu() throws Exception {
        EmulatedCall call = harness.dial(caller("1").hangUpAtInput(2).build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertThat(r.outcome()).isEqualTo(Outcome.CALLER_HUNG_UP);
        assertThat(r.hungUpBy()).isEqualTo(CallRecord.HungUpBy.CALLER);
        assertThat(harness.count(r.callId())).isEqualTo(1);
    }

    @Test
    void withNoPromptAudioOnTheBoxTheCallStillWorksOnBeeps() throws Exception {
        EmulatedCall call = harness.dial(caller("1", "1", "1", id(), citizen.pin(), "#")
                .sounds(cn.hotline12333.sim.Sounds.only("beep")).build(), agentsAnswer());
        CallRecord r = harness.record(call);
        assertThat(r.outcome()).isEqualTo(Outcome.SELF_SERVICE);
        assertThat(call.commands()).anyMatch(c -> c.startsWith("GET DATA beep "));
        // res_agi marks the session failed after a missing prompt; the dialplan reads HOTLINE_RESULT first.
        assertThat(call.variables()).containsEntry("AGISTATUS", "FAILURE");
        assertThat(call.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
    }

    @Test
    void unknownScriptGoesBackToTheDialplanWithAnError() throws Exception {
        EmulatedCall unknown = harness.dial(cn.hotline12333.sim.CallScript.to("no-such-flow").systemName("it")
                .uniqueId("1795499999.1").timing(cn.hotline12333.sim.TimeModel.instant()).build(), agentsAnswer());
        assertThat(unknown.variables()).containsEntry("HOTLINE_RESULT", "error");
        assertThat(unknown.end()).isEqualTo(EmulatedCall.End.SERVER_CLOSED);
        // Every call leaves one record, this one too.
        CallRecord r = harness.record(unknown);
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.flow()).isEqualTo("no-such-flow");
        assertThat(harness.count(r.callId())).isEqualTo(1);
    }
}
