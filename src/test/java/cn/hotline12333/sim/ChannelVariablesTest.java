package cn.hotline12333.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelVariablesTest {

    private final CallerChannel caller = new CallerChannel(CallScript.to("hotline").systemName("ast-bj-1")
            .callerId("13800138000").dialled("12333").channel("PJSIP/trunk-0000001a").uniqueId("1795387708.7")
            .build());
    private final ChannelVariables variables = caller.variables();

    @Test
    void systemNameComesFromTheScript() {
        assertThat(variables.substitute("${SYSTEMNAME}")).isEqualTo("ast-bj-1");
        assertThat(variables.substitute("${UNIQUEID}@${SYSTEMNAME}")).isEqualTo("1795387708.7@ast-bj-1");
    }

    @Test
    void aCallThatOriginatedOnTheChannelHasItsUniqueidAsLinkedid() {
        assertThat(variables.substitute("${SYSTEMNAME}|${CHANNEL(linkedid)}")).isEqualTo("ast-bj-1|1795387708.7");
        assertThat(variables.read("CHANNEL(linkedid)")).isEqualTo("1795387708.7");
    }

    @Test
    void severalVariablesInOneExpression() {
        variables.set("QUEUESTATUS", "CONTINUE");
        variables.set("QUEUEWAIT_MS", "0");
        variables.set("ANSWEREDTIME_MS", "2502");
        assertThat(variables.substitute("${QUEUESTATUS}:${QUEUEWAIT_MS}:${ANSWEREDTIME_MS}"))
                .isEqualTo("CONTINUE:0:2502");
    }

    @Test
    void unsetAndEmptyVariablesBothSubstituteToNothingButOnlyEmptyOnesExist() {
        variables.set("QUEUEWAIT_MS", "");
        assertThat(variables.substitute("${QUEUESTATUS}:${QUEUEWAIT_MS}:x")).isEqualTo("::x");
        assertThat(variables.read("QUEUEWAIT_MS")).isEmpty();
        assertThat(variables.read("QUEUESTATUS")).isNull();
    }

    @Test
    void namesAreCaseSensitive() {
        variables.set("Topic", "pension");
        assertThat(variables.read("TOPIC")).isNull();
        assertThat(variables.substitute("${Topic}")).isEqualTo("pension");
    }

    @Test
    void nestedNamesAreSubstitutedFirst() {
        variables.set("WHICH", "TOPIC");
        variables.set("TOPIC", "card");
        assertThat(variables.substitute("<${${WHICH}}>")).isEqualTo("<card>");
    }

    @Test
    void offsetAndLengthCutTheValue() {
        variables.set("ID", "110101199003078515");
        assertThat(variables.substitute("${ID:0:4}")).isEqualTo("1101");
        assertThat(variables.substitute("${ID:-4}")).isEqualTo("8515");
        assertThat(variables.substitute("${ID:2:-14}")).isEqualTo("01");
        assertThat(variables.substitute("${ID:40}")).isEmpty();
    }

    @Test
    void functionsReadTheChannel() {
        assertThat(variables.substitute("${CHANNEL(language)}/${CALLERID(num)}")).isEqualTo("zh/13800138000");
        assertThat(variables.read("CHANNEL(state)")).isEqualTo("Ring");
        caller.answer();
        assertThat(variables.read("CHANNEL(state)")).isEqualTo("Up");
        assertThat(variables.read("NO_SUCH_FUNCTION(x)")).isNull();
        assertThat(variables.substitute("[${NO_SUCH_FUNCTION(x)}]")).isEqualTo("[]");
    }

    @Test
    void writingChannelLanguageChangesTheChannel() {
        variables.write("CHANNEL(language)", "en");
        assertThat(caller.language()).isEqualTo("en");
        assertThat(variables.read("CHANNEL(language)")).isEqualTo("en");
    }

    @Test
    void builtinsComeBeforeTheChannelsOwnVariables() {
        variables.set("EXTEN", "mine");
        assertThat(variables.read("EXTEN")).isEqualTo("12333");
    }

    @Test
    void dollarsThatStartNoSubstitutionStay() {
        assertThat(variables.substitute("cost $5 ${")).isEqualTo("cost $5 ");
        assertThat(variables.substitute("${CALLERID(num)")).isEqualTo("13800138000");
    }
}
