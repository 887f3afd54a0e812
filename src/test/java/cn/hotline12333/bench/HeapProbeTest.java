package cn.hotline12333.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the JDK tools' output (recorded from JDK 17's jstat and jcmd). */
class HeapProbeTest {

    private static final List<String> HEADER = List.of(
            "S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT".split(" "));

    @Test
    void aJstatSampleAddsSurvivorsEdenAndOld() {
        String g1 = "     0.0   4096.0      0.0   4096.0  98304.0  51200.0 421888.0  20480.5   29824.0  29376.3"
                + "  3840.0  3642.9     12    0.061     0    0.000     4    0.004    0.065";
        assertThat(HeapProbe.sampleKb(HEADER, g1)).isEqualTo(4096 + 51200 + 20480);
    }

    @Test
    void aLineThatIsNoSampleCountsAsNone() {
        assertThat(HeapProbe.sampleKb(HEADER, "Terminated")).isEqualTo(-1);
        assertThat(HeapProbe.sampleKb(HEADER, String.join(" ", HEADER))).isEqualTo(-1);
    }

    @Test
    void heapInfoOfG1HasOneUsedFigureBeforeMetaspace() {
        String g1 = """
                4242:
                 garbage-first heap   total 524288K, used 73410K [0x00000000e0000000, 0x0000000100000)
                  region size 1024K, 2 young (2048K), 0 survivors (0K)
                 Metaspace       used 30512K, committed 30848K, reserved 1114112K
                  class space    used 3702K, committed 3840K, reserved 1048576K
                """;
        assertThat(HeapProbe.usedKb(g1)).isEqualTo(73410);
    }

    @Test
    void heapInfoOfSerialAddsItsGenerations() {
        String serial = """
                4242:
                 def new generation   total 9792K, used 1200K [0x00000000e0000000, 0x00000000e0aa0000)
                  eden space 8704K,  13% used [0x00000000e0000000, 0x00000000e012c000)
                 tenured generation   total 21888K, used 15000K [0x00000000eaaa0000, 0x00000000ec000000)
                 Metaspace       used 30512K, committed 30848K, reserved 1114112K
                """;
        assertThat(HeapProbe.usedKb(serial)).isEqualTo(16200);
        assertThat(HeapProbe.usedKb("4242:\nNo such process")).isEqualTo(-1);
    }
}
