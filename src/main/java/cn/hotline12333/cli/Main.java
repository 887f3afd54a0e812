package cn.hotline12333.cli;

/** {@code java -jar target/hotline.jar <command>}: serve, simulate, flows check, prompts render, bench. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("usage: hotline serve | simulate | flows check | prompts render | bench");
        System.exit(2);
    }
}
