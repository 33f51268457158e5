package dev.cairn.importing;

import dev.cairn.problem.CairnException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/**
 * The files of an uploaded {@code .tar.gz} or {@code .zip}, read into memory with the checks an archive from a
 * stranger needs: no entry may climb out ({@code ..}, absolute paths), be a link or a device, and the archive may
 * not hold more than {@value #MAX_ENTRIES} entries or unpack to more than the limit (a zip bomb). Nothing of it
 * ever touches the disk here.
 */
public final class Archive {

    static final int MAX_ENTRIES = 10_000;

    /** One regular file: its path inside the archive, with {@code /} separators, and its bytes. */
    public record Entry(String path, byte[] content) {

        /** The last part of the path. */
        public String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** The folder the file is in, relative to the archive's root; empty at the root. */
        public String folder() {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? "" : path.substring(0, slash);
        }
    }

    public enum Format { TAR_GZ, ZIP }

    private Archive() {}

    /** @param maxBytes the most the files may unpack to, all together */
    public static List<Entry> read(byte[] body, Format format, long maxBytes) {
        try {
            return format == Format.ZIP ? readZip(body, maxBytes) : readTarGz(body, maxBytes);
        } catch (IOException e) {
            throw CairnException.invalid("the archive could not be read as " + (format == Format.ZIP ? "a zip" :
                    "a gzip-compressed tar") + " file: " + e.getMessage());
        }
    }

    private static List<Entry> readTarGz(byte[] body, long maxBytes) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long[] total = {0};
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new ByteArrayInputStream(body)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                countEntry(entries.size());
                String path = checkedPath(e.getName());
                if (e.isSymbolicLink() || e.isLink() || e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
                    throw refused(path, "is a link or a device file; the archive may hold only folders and files");
                }
                if (e.isFile()) {
                    entries.add(new Entry(path, readAll(tar, total, maxBytes)));
                }
            }
        }
        return entries;
    }

    /** Through the central directory, which alone says whether an entry is a (unix) link. */
    private static List<Entry> readZip(byte[] body, long maxBytes) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long[] total = {0};
        try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(body)).get()) {
            for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
                countEntry(entries.size());
                String path = checkedPath(e.getName());
                if (e.isUnixSymlink()) {
                    throw refused(path, "is a link; the archive may hold only folders and files");
                }
                if (!e.isDirectory()) {
                    try (InputStream in = zip.getInputStream(e)) {
                        entries.add(new Entry(path, readAll(in, total, maxBytes)));
                    }
                }
            }
        }
        return entries;
    }

    private static void countEntry(int seen) {
        if (seen >= MAX_ENTRIES) {
            throw CairnException.invalid("the archive holds more than " + MAX_ENTRIES + " entries");
        }
    }

    /** The entry's path without a leading {@code ./}; one that could point outside the archive is refused. */
    private static String checkedPath(String name) {
        String path = name.replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*") || path.indexOf('\0') >= 0
                || ("/" + path + "/").contains("/../")) {
            throw refused(name, "points outside the archive (absolute, or through ..)");
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static byte[] readAll(InputStream in, long[] total, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            total[0] += n;
            if (total[0] > maxBytes) {
                throw CairnException.invalid("the archive unpacks to more than " + maxBytes
                        + " bytes (cairn.max-body-bytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static CairnException refused(String path, String why) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "…" : path;
        return CairnException.invalid("archive entry '" + shown.replace("\0", "\\0") + "' " + why)
                .with("entry", shown.replace("\0", "\\0"));
    }
}
