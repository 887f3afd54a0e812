package cn.hotline12333.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** How long a rendered WAV file plays: its data chunk over its byte rate. Null for anything else. */
final class WavLength {
    private WavLength() {
    }

    static Duration of(Path wav) {
        try {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
                return null;
            }
            long byteRate = 0;
            for (int at = 12; at + 8 <= b.limit(); ) {
                int id = b.getInt(at);
                long size = Integer.toUnsignedLong(b.getInt(at + 4));
                if (id == 0x20746d66 && at + 20 <= b.limit()) { // "fmt "
                    byteRate = Integer.toUnsignedLong(b.getInt(at + 16));
                } else if (id == 0x61746164 && byteRate > 0) { // "data"
                    long bytes = Math.min(size, b.limit() - at - 8L);
                    return Duration.ofMillis(bytes * 1000 / byteRate);
                }
                at += 8 + size + (size & 1);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
