package cn.hotline12333.kb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passage vectors by the SHA-256 of the model id and the passage text, kept in one file of the cache directory,
 * so that a restart or a reload embeds only passages it has never seen (an edited article's changed lines, a
 * new article). The file is rewritten whole, through a temporary file and a rename, so a crash leaves the old
 * or the new one, never half of one; a file that does not read (another model, another size, truncated) is
 * ignored and replaced. Losing it costs one embedding of every passage at the next start, nothing else.
 * Not thread-safe: the knowledge base uses it from one thread at a time.
 */
final class VectorCache {
    private static final Logger log = LoggerFactory.getLogger(VectorCache.class);
    private static final String MAGIC = "hotline-kb-vectors-1";

    private final Path file;
    private final Map<String, float[]> vectors = new HashMap<>();
    private boolean dirty;

    VectorCache(Path dir) {
        this.file = dir == null ? null : dir.resolve("vectors-" + PassageEncoder.MODEL_ID + ".bin");
        if (file != null) {
            read();
        }
    }

    static String key(String passage) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(PassageEncoder.MODEL_ID.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(passage.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    float[] get(String key) {
        return vectors.get(key);
    }

    void put(String key, float[] vector) {
        vectors.put(key, vector);
        dirty = true;
    }

    int size() {
        return vectors.size();
    }

    /**
     * Writes the file if it gained vectors. Vectors of passages no current article has ({@code live} holds the
     * current ones) stay until they outnumber the live ones: an edit undone, or a second knowledge base sharing
     * the directory (a copy in a test), then costs nothing, and the file still cannot grow without bound.
     */
    void save(Set<String> live) {
        boolean pruned = false;
        if (vectors.size() > 2 * live.size() + 1000) {
            pruned = vectors.keySet().retainAll(live);
        }
        if (file == null || !(dirty || pruned)) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.writeUTF(MAGIC);
                out.writeUTF(PassageEncoder.MODEL_ID);
                out.writeInt(PassageEncoder.DIMENSIONS);
                out.writeInt(vectors.size());
                for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float x : e.getValue()) {
                        out.writeFloat(x);
                    }
                }
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            dirty = false;
        } catch (IOException e) {
            // A read-only cache directory slows the next start down; it breaks nothing.
            log.warn("event=kb_vector_cache_not_saved file={} reason=\"{}\"", file, e.toString());
        }
    }

    private void read() {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            if (!MAGIC.equals(in.readUTF()) || !PassageEncoder.MODEL_ID.equals(in.readUTF())
                    || in.readInt() != PassageEncoder.DIMENSIONS) {
                log.warn("event=kb_vector_cache_ignored file={} reason=\"another format or model\"", file);
                return;
            }
            int n = in.readInt();
            Map<String, float[]> read = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                float[] v = new float[PassageEncoder.DIMENSIONS];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                read.put(key, v);
            }
            vectors.putAll(read);
        } catch (NoSuchFileException e) {
            // first start: nothing cached yet
        } catch (EOFException e) {
            log.warn("event=kb_vector_cache_ignored file={} reason=\"truncated\"", file);
        } catch (IOException e) {
            log.warn("event=kb_vector_cache_ignored file={} reason=\"{}\"", file, e.toString());
        }
    }
}
