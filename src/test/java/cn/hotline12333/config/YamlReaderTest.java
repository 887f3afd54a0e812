package cn.hotline12333.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

class YamlReaderTest {

    @Test
    void linesAreTheFilesAlsoForYamlThatStartsFurtherDown() {
        YamlReader.Composed whole = YamlReader.compose("a: 1\nb: 2\n".getBytes(StandardCharsets.UTF_8));
        YamlReader.Composed front = YamlReader.compose("a: 1\nb: 2\n", 2);
        assertThat(YamlReader.entries((MappingNode) whole.root())).extracting(YamlReader.Entry::line)
                .containsExactly(1, 2);
        assertThat(YamlReader.entries((MappingNode) front.root())).extracting(YamlReader.Entry::line)
                .containsExactly(2, 3);
    }

    @Test
    void aSyntaxErrorNamesItsLine() {
        YamlReader.Composed broken = YamlReader.compose("a: 1\nb: [2\nc: 3\n", 5);
        assertThat(broken.root()).isNull();
        assertThat(broken.error().line()).isGreaterThanOrEqualTo(6);
        assertThat(broken.error().problem()).isNotBlank();
    }

    @Test
    void duplicatesAndNonScalarKeysAreKeptForTheCallerToWordAndNumbersStayText() {
        YamlReader.Composed c = YamlReader.compose("\uFEFFhotline: 12333\nhotline: 2\n[x]: 3\nempty:\n"
                .getBytes(StandardCharsets.UTF_8));
        List<YamlReader.Entry> entries = YamlReader.entries((MappingNode) c.root());
        assertThat(entries).extracting(YamlReader.Entry::key).containsExactly("hotline", "hotline", null, "empty");
        assertThat(((ScalarNode) entries.get(0).value()).getValue()).isEqualTo("12333");
        assertThat(YamlReader.isNull(entries.get(3).value())).isTrue();
        assertThat(YamlReader.compose("", 1).root()).isNull();
    }
}
