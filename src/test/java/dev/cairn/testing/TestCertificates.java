package dev.cairn.testing;

import dev.cairn.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Throwaway certificates made with openssl for one test JVM: a certificate authority that signs a server certificate
 * for {@code localhost} (DNS name only, so {@code 127.0.0.1} does not match it) and a client certificate for the role
 * {@code certuser}, and a second, unrelated authority that signs nothing. Keys are unencrypted PKCS#8, owner-only.
 */
public final class TestCertificates {

    private static TestCertificates made;

    public final Path folder;
    public final Path ca, otherCa, serverCert, serverKey, clientCert, clientKey, clientKeyDer;

    private TestCertificates(Path folder) {
        this.folder = folder;
        ca = folder.resolve("ca.crt");
        otherCa = folder.resolve("other-ca.crt");
        serverCert = folder.resolve("server.crt");
        serverKey = folder.resolve("server.key");
        clientCert = folder.resolve("client.crt");
        clientKey = folder.resolve("client.key");
        clientKeyDer = folder.resolve("client.pk8");
    }

    public static synchronized TestCertificates get() {
        if (made == null) {
            try {
                made = new TestCertificates(Files.createTempDirectory("cairn-tls-"));
                made.make();
                Path folder = made.folder;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        AtomicFiles.deleteTree(folder);
                    } catch (IOException ignored) {
                        // a temp folder; the OS cleans it eventually
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return made;
    }

    private void make() throws IOException {
        authority("ca", ca, "Cairn test CA");
        authority("other-ca", otherCa, "Some other CA");
        signed("server", serverCert, serverKey, "localhost", "subjectAltName=DNS:localhost");
        signed("client", clientCert, clientKey, "certuser", "extendedKeyUsage=clientAuth");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", clientKey.toString(), "-outform", "DER",
                "-out", clientKeyDer.toString());
        for (Path key : new Path[] {serverKey, clientKey, clientKeyDer, folder.resolve("ca.key"),
                folder.resolve("other-ca.key")}) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void authority(String name, Path cert, String subject) {
        Path key = folder.resolve(name + ".key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        openssl("req", "-x509", "-new", "-key", key.toString(), "-days", "2", "-subj", "/CN=" + subject,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", cert.toString());
    }

    private void signed(String name, Path cert, Path key, String commonName, String extension) {
        Path request = folder.resolve(name + ".csr");
        Path extensions = folder.resolve(name + ".ext");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key.toString());
        openssl("req", "-new", "-key", key.toString(), "-subj", "/CN=" + commonName, "-out", request.toString());
        try {
            Files.writeString(extensions, extension + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey",
                folder.resolve("ca.key").toString(), "-CAcreateserial", "-days", "2", "-extfile",
                extensions.toString(), "-out", cert.toString());
    }

    private static void openssl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Shell.run(command);
    }
}
