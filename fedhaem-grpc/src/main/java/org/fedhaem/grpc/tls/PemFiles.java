package org.fedhaem.grpc.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Keys and certificates as PEM files. Keys are unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) written with
 * permissions 0600, certificates 0644; both are written whole or not at all (a temporary file renamed into place).
 * Keys are protected by their permissions alone, so key files need a POSIX file system.
 */
final class PemFiles {
    static final Set<PosixFilePermission> KEY = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> CERTIFICATE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final String KEY_TYPE = "PRIVATE KEY";
    private static final String CERTIFICATE_TYPE = "CERTIFICATE";

    private PemFiles() {
    }

    static void writeKey(Path file, PrivateKey key) {
        write(file, new PemObject(KEY_TYPE, key.getEncoded()), KEY);
    }

    static void writeCertificate(Path file, X509Certificate certificate) {
        try {
            write(file, new PemObject(CERTIFICATE_TYPE, certificate.getEncoded()), CERTIFICATE);
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot encode the certificate for " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir}'s file system has POSIX permissions (needed to write keys). */
    static boolean supportsPermissions(Path dir) {
        try {
            return Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            throw new TlsException("cannot inspect the file system of " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, PemObject pem, Set<PosixFilePermission> permissions) {
        Path dir = file.toAbsolutePath().getParent();
        if (!supportsPermissions(dir)) {
            throw new TlsException("cannot write " + file + ": the file system of " + dir + " has no POSIX "
                    + "permissions, so the key could not be kept private; create the certificates on a Linux or "
                    + "macOS file system");
        }
        StringWriter text = new StringWriter();
        try (PemWriter w = new PemWriter(text)) {
            w.writeObject(pem);
        } catch (IOException e) {
            throw new TlsException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        try {
            // Created with the final permissions, so a key is never readable by others, not even for a moment.
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(KEY));
            try {
                Files.writeString(tmp, text.toString(), StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(tmp, permissions);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new TlsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static X509Certificate readCertificate(Path file) {
        PemObject pem = read(file, CERTIFICATE_TYPE);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getContent()));
        } catch (GeneralSecurityException e) {
            throw new TlsException(file + " is not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an unencrypted PKCS#8 key. On a POSIX file system a key that others may read or write is refused (as
     * ssh refuses such keys): it may have been seen by others already.
     */
    static PrivateKey readKey(Path file) {
        PemObject pem = read(file, KEY_TYPE);
        Path dir = file.toAbsolutePath().getParent();
        if (supportsPermissions(dir)) {
            Set<PosixFilePermission> p;
            try {
                p = Files.getPosixFilePermissions(file);
            } catch (IOException e) {
                throw new TlsException("cannot read the permissions of " + file + ": " + e.getMessage(), e);
            }
            if (p.stream().anyMatch(NOT_OWNER::contains)) {
                throw new TlsException("the key " + file + " is accessible by other users (permissions "
                        + PosixFilePermissions.toString(p) + "); make it private with: chmod 600 " + file);
            }
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(pem.getContent()));
        } catch (IOException | RuntimeException e) {
            throw new TlsException(file + " is not a valid PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    private static PemObject read(Path file, String type) {
        PemObject pem;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PemReader p = new PemReader(r)) {
            pem = p.readPemObject();
        } catch (NoSuchFileException e) {
            throw new TlsException(file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsException(file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new TlsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (pem == null) {
            throw new TlsException(file + " holds no PEM block (expected BEGIN " + type + ")");
        }
        if (!pem.getType().equals(type)) {
            String hint = pem.getType().equals("ENCRYPTED PRIVATE KEY")
                    ? ": keys must be unencrypted, since a site agent starts unattended"
                    : pem.getType().endsWith(" PRIVATE KEY")
                            ? ": convert it with openssl pkcs8 -topk8 -nocrypt -in OLD -out " + file.getFileName()
                            : "";
            throw new TlsException(file + " holds a " + pem.getType() + ", expected a " + type + hint);
        }
        return pem;
    }
}
