package cn.hotline12333.cli;

import java.io.PrintStream;

final class KbBench {
    private KbBench() {
    }

    static int run(KbArgs args, PrintStream out) {
        throw new UnsupportedOperationException("later");
    }
}
