package dev.cairn.target;

import dev.cairn.config.CairnConfig;
import dev.cairn.dialect.PostgresDialect;
import dev.cairn.problem.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The driver properties for TLS: a repo's profile ({@code cairn.tls.<name>}) becomes the files the driver reads, and
 * without one the driver reads none of Cairn's host by default (pgjdbc would otherwise present
 * {@code ~/.postgresql/postgresql.crt} to any server and trust {@code ~/.postgresql/root.crt}). A profile means a
 * verified connection: {@code verify-full} unless the URL says {@code verify-ca}.
 */
final class TlsSettings {

    private static final Set<String> VERIFYING = Set.of("verify-ca", "verify-full");

    private TlsSettings() {}

    /** Refuses a profile Cairn's configuration does not have, or one the URL's TLS mode contradicts. */
    static void check(TargetUrl url, String name, Map<String, CairnConfig.Tls> profiles) {
        if (name == null) {
            return;
        }
        CairnConfig.Tls profile = profiles.get(name);
        if (profile == null) {
            throw CairnException.invalid("tls names no TLS profile of this Cairn; " + (profiles.isEmpty()
                    ? "none is configured (cairn.tls.<name>.ca|cert|key)"
                    : "configured: " + String.join(", ", profiles.keySet().stream().sorted().toList())))
                    .with("field", "tls");
        }
        String mode = mode(url);
        if (mode != null && !VERIFYING.contains(mode)) {
            throw CairnException.invalid("with a TLS profile the connection is verified: the url's "
                    + modeParameter(url) + " may be verify-ca or verify-full (the default), not " + mode)
                    .with("field", "url").with("parameter", modeParameter(url));
        }
        if (url.dialect() != PostgresDialect.INSTANCE && profile.cert().isPresent()) {
            throw CairnException.invalid("TLS profile '" + name + "' has a client certificate, which Cairn hands "
                    + "only to PostgreSQL targets; give MariaDB targets a profile with a ca alone")
                    .with("field", "tls");
        }
    }

    /** Driver properties that override the dialect's defaults; {@code name} has passed {@link #check}. */
    static Map<String, String> properties(TargetUrl url, String name, Map<String, CairnConfig.Tls> profiles) {
        Map<String, String> properties = new LinkedHashMap<>();
        boolean postgres = url.dialect() == PostgresDialect.INSTANCE;
        CairnConfig.Tls profile = name == null ? null : profiles.get(name);
        if (profile == null) {
            if (postgres && VERIFYING.contains(String.valueOf(mode(url)))) {
                // The JVM's trust store, as Connector/J uses without serverSslCert, instead of ~/.postgresql/root.crt.
                properties.put("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
            }
            return properties;
        }
        if (postgres) {
            properties.put("sslmode", "verify-full"); // the URL's own sslmode, checked above, wins over this
            properties.put("sslrootcert", profile.ca());
            properties.put("sslcert", profile.cert().orElse(""));
            properties.put("sslkey", profile.key().orElse(""));
        } else {
            properties.put("sslMode", "verify-full");
            properties.put("serverSslCert", profile.ca());
        }
        return properties;
    }

    /** The TLS mode the URL asks for, lower case, or null when it leaves it to the driver's default. */
    private static String mode(TargetUrl url) {
        boolean postgres = url.dialect() == PostgresDialect.INSTANCE;
        for (Map.Entry<String, String> p : url.parameters().entrySet()) {
            if (p.getKey().equalsIgnoreCase(modeParameter(url))) {
                // pgjdbc decodes values, so verify%2Dfull is verify-full to it
                String value = postgres ? URLDecoder.decode(p.getValue(), StandardCharsets.UTF_8) : p.getValue();
                return value.toLowerCase(Locale.ROOT);
            }
        }
        String ssl = postgres ? url.parameters().get("ssl") : null;
        return ssl != null && (ssl.isEmpty() || ssl.equalsIgnoreCase("true")) ? "verify-full" : null;
    }

    private static String modeParameter(TargetUrl url) {
        return url.dialect() == PostgresDialect.INSTANCE ? "sslmode" : "sslMode";
    }

    /** A profile whose files cannot be read is a configuration error, reported at start rather than at first use. */
    static void validate(String name, CairnConfig.Tls profile) {
        if (profile.cert().isPresent() != profile.key().isPresent()) {
            throw new IllegalStateException("TLS profile cairn.tls." + name + " needs both cert and key, or neither");
        }
        certificates(name + ".ca", profile.ca());
        profile.cert().ifPresent(cert -> certificates(name + ".cert", cert));
        profile.key().ifPresent(key -> {
            if (!Files.isReadable(Path.of(key))) {
                throw new IllegalStateException("cairn.tls." + name + ".key: cannot read " + key);
            }
        });
    }

    private static void certificates(String setting, String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new IllegalStateException("cairn.tls." + setting + ": no certificate in " + file);
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cairn.tls." + setting + ": cannot read certificates from " + file
                    + ": " + e.getMessage(), e);
        }
    }
}
