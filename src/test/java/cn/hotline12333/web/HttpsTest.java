package cn.hotline12333.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.hotline12333.store.RedisFixture;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** WEB_TLS_CERT and WEB_TLS_KEY switch the API to HTTPS: a self-signed pair made here with the JDK's keytool. */
class HttpsTest {
    @RegisterExtension
    static final RedisFixture REDIS = new RedisFixture();
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;
    static KeyStore store;

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        Path p12 = dir.resolve("web.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "web", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        cert = dir.resolve("web.crt");
        key = dir.resolve("web.key");
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("web").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", store.getKey("web", "changeit".toCharArray()).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static WebServer server(WebSettings settings) {
        Login login = new Login(Users.demo(), new Sessions(REDIS.redis(), settings.sessionTtl()),
                new LoginThrottle(REDIS.redis(), 5, settings.loginWindow()));
        WebServer server = new WebServer(settings, login, List.of());
        server.start();
        return server;
    }

    private static WebSettings local() {
        WebSettings d = WebSettings.defaults();
        return new WebSettings("127.0.0.1", 0, d.maxBodyBytes(), d.idleTimeout(), 2, 50, d.sessionTtl(), 5,
                d.loginWindow());
    }

    @Test
    void theApiAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        Certificate certificate = store.getCertificate("web");
        trusted.setCertificateEntry("web", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        try (WebServer server = server(local().withTls(cert, key))) {
            String basic = "Basic " + Base64.getEncoder().encodeToString("agent:agent-12333".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> me = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                    + "/api/me")).header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.sslSession()).isPresent();
            // plain HTTP to the HTTPS port gets no API answer
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/me")).header("Authorization", basic).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aCertificateWithoutItsKeyOrAnUnreadableFileIsRefusedNamingTheSetting() throws Exception {
        assertThatThrownBy(() -> local().withTls(cert, null)).hasMessageContaining("WEB_TLS_KEY");
        assertThatThrownBy(() -> local().withTls(dir.resolve("missing.crt"), key)).hasMessageContaining("WEB_TLS_CERT");
        assertThatThrownBy(() -> server(local().withTls(key, cert))).hasMessageContaining("WEB_TLS_CERT/WEB_TLS_KEY");
    }
}
