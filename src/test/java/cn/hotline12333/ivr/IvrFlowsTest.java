package cn.hotline12333.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import cn.hotline12333.ivr.Node.GotoNode;
import cn.hotline12333.ivr.Node.MenuNode;
import cn.hotline12333.ivr.Node.PlayNode;
import cn.hotline12333.ivr.Node.RecordNode;
import cn.hotline12333.ivr.Node.ReferNode;
import cn.hotline12333.ivr.Node.RequestNode;
import cn.hotline12333.ivr.Node.ServiceNode;
import cn.hotline12333.ivr.Node.SurveyNode;
import cn.hotline12333.ivr.Node.TagNode;
import cn.hotline12333.ivr.Node.TransferNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped ivr-flows/ directory: valid, and covering what the 12333 hotline must offer. */
class IvrFlowsTest {
    private static final Path DIR = Path.of("ivr-flows");
    private static FlowSet set;
    private static Flow hotline;

    @BeforeAll
    static void load() {
        FlowDirectory.Result result = FlowDirectory.read(DIR);
        assertThat(result.problems()).isEmpty();
        set = result.flows();
        hotline = set.flow("hotline");
    }

    @Test
    void shippedFlowsHaveNoProblems() {
        assertThat(FlowLibrary.check(DIR)).isEmpty();
        assertThat(set.flows()).containsOnlyKeys("hotline", "after-hours");
    }

    @Test
    void everyNodeKindIsUsed() {
        Set<String> kinds = set.flows().values().stream().flatMap(f -> f.nodes().values().stream())
                .map(n -> n.getClass().getSimpleName()).collect(Collectors.toSet());

        assertThat(kinds).containsExactlyInAnyOrder("PlayNode", "MenuNode", "InputNode", "ServiceNode",
                "TransferNode", "ReferNode", "RecordNode", "RequestNode", "SurveyNode", "ScheduleNode", "TagNode",
                "GotoNode", "HangupNode");
    }

    @Test
    void everySelfServiceAndTopicIsOffered() {
        Set<String> services = hotline.nodes().values().stream().filter(n -> n instanceof ServiceNode)
                .map(n -> ((ServiceNode) n).service()).collect(Collectors.toSet());
        Set<String> topics = hotline.nodes().values().stream().filter(n -> n instanceof TagNode)
                .map(n -> ((TagNode) n).topic()).collect(Collectors.toSet());

        assertThat(services).isEqualTo(ServiceFields.ANSWERS.keySet());
        assertThat(topics).containsExactlyInAnyOrder("pension", "unemployment", "work_injury", "maternity",
                "contributions", "card", "employment", "labour", "wage_arrears", "personnel", "retirement",
                "accessibility", "medical_referral");
    }

    @Test
    void mainMenuKeysLeadToTheirServiceAreas() {
        Map<String, String> options = ((MenuNode) hotline.node("main")).options();

        assertThat(afterTag(options.get("2"))).isEqualTo("card");
        assertThat(afterTag(options.get("4"))).isEqualTo("labour");
        assertThat(afterTag(options.get("6"))).isEqualTo("retirement");
        assertThat(afterTag(options.get("7"))).isEqualTo("accessibility");
        assertThat(hotline.node(afterTag(options.get("8")))).isInstanceOf(ReferNode.class);
        assertThat(((ReferNode) hotline.node("medical_refer")).target()).isEqualTo("12393");
        assertThat(((MenuNode) hotline.node("insurance")).options()).hasSize(5);
    }

    @Test
    void wageComplaintIsRecordedForLabourInspectionWithSevenWorkingDays() {
        String intro = afterTag("wage_arrears_topic");
        RecordNode record = (RecordNode) hotline.node(((PlayNode) hotline.node(intro)).next());
        PlayNode done = (PlayNode) hotline.node(record.next());

        assertThat(record.mailbox()).isEqualTo("labour-inspection");
        assertThat(done.prompt().text()).contains("7个工作日");
    }

    @Test
    void thePensionQueueOverflowsToTheGeneralQueueAfterNinetySeconds() {
        TransferNode pension = (TransferNode) hotline.node("agent_pension");
        assertThat(pension.queue()).isEqualTo("hotline-pension");
        assertThat(pension.timeout()).isEqualTo(java.time.Duration.ofSeconds(90));
        TransferNode overflow = (TransferNode) hotline.node(pension.onTimeout());
        assertThat(pension.onUnavailable()).isEqualTo(overflow.id());
        assertThat(overflow.queue()).isEqualTo("hotline-general");
        assertThat(overflow.onTimeout()).isEqualTo("busy");
    }

    @Test
    void everyTransferEndsInTheSurveyOrOffersMessageAndCallback() {
        for (Node node : hotline.nodes().values()) {
            if (node instanceof TransferNode transfer) {
                assertThat(hotline.node(transfer.onAnswered())).isInstanceOf(SurveyNode.class);
                for (String fallback : new String[] {transfer.onTimeout(), transfer.onUnavailable()}) {
                    // an overflow goes to another queue first (at most one hop), whose fallback is the offer
                    Node next = hotline.node(fallback);
                    if (next instanceof TransferNode overflow) {
                        assertThat(overflow.queue()).isNotEqualTo(transfer.queue());
                        next = hotline.node(overflow.onTimeout());
                    }
                    Map<String, String> offer = ((MenuNode) next).options();
                    assertThat(offer.values()).anyMatch(id -> hotline.node(id) instanceof RecordNode)
                            .anyMatch(id -> hotline.node(id) instanceof RequestNode r && r.kind().equals("callback"));
                }
            }
        }
    }

    @Test
    void afterHoursGoesToItsOwnFlowWhichOffersMessageCallbackAndSelfService() {
        GotoNode closed = (GotoNode) hotline.node("after_hours");
        Flow afterHours = set.flow(closed.flow());
        // the working hours are told first, in a play of their own: a key during it is the menu's choice
        PlayNode hours = (PlayNode) afterHours.node(afterHours.start());
        Map<String, String> options = ((MenuNode) afterHours.node(hours.next())).options();

        assertThat(afterHours.node(options.get("1"))).isInstanceOf(RecordNode.class);
        assertThat(afterHours.node(options.get("2"))).isInstanceOf(RequestNode.class);
        assertThat(afterHours.node(options.get("3"))).isEqualTo(
                new GotoNode("self_service", afterHours.node("self_service").line(), "hotline", "main"));
        assertThat(set.hours().has("hotline")).isTrue();
    }

    private static String afterTag(String tagId) {
        return ((TagNode) hotline.node(tagId)).next();
    }
}
