package io.sparkfederated.catalog;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import io.sparkfederated.FederatedException;

/**
 * External schemas created by DDL, kept through Hadoop's FileSystem (a local path, HDFS or
 * {@code s3a://}) so that they outlive the Spark session. One small properties file per schema
 * ({@code <name>.properties}): sessions creating or dropping different schemas never touch the same
 * file, so no update can be lost. A file is written beside its final name and renamed into place,
 * so readers see either nothing or the whole definition. Only option values are stored — ARNs and
 * host names, never a password (the catalog refuses those before they get here).
 */
final class SchemaStore {

    private static final String SUFFIX = ".properties";

    private final Path directory;
    private final Configuration hadoopConf;

    SchemaStore(String location, Configuration hadoopConf) {
        this.directory = new Path(location);
        this.hadoopConf = hadoopConf;
    }

    String location() {
        return directory.toString();
    }

    /** Every stored schema: lower-case name to its stored properties, sorted by name. */
    Map<String, Map<String, String>> readAll() {
        Map<String, Map<String, String>> schemas = new TreeMap<>();
        try {
            FileSystem fs = fileSystem();
            FileStatus[] files;
            try {
                files = fs.listStatus(directory);
            } catch (FileNotFoundException e) {
                return schemas; // nothing created yet
            }
            for (FileStatus file : files) {
                String fileName = file.getPath().getName();
                if (file.isFile() && fileName.endsWith(SUFFIX) && !fileName.startsWith(".")) {
                    Map<String, String> props = read(fs, file.getPath());
                    if (props != null) {
                        schemas.put(fileName.substring(0, fileName.length() - SUFFIX.length()), props);
                    }
                }
            }
            return schemas;
        } catch (IOException e) {
            throw new FederatedException("cannot read the external schema registry at " + directory + ": " + e.getMessage()
                    + " (check the catalog's 'registry' setting and access to that location)", e);
        }
    }

    /**
     * Stores a new schema. Returns false, writing nothing, when one of that name is already stored.
     * Two sessions racing to create the same name at the same instant: on HDFS exactly one wins; on
     * local disks and S3 the later rename may replace the earlier (documented).
     */
    boolean create(String name, Map<String, String> properties) {
        Path target = fileOf(name);
        Path temp = new Path(directory, "." + name + "." + UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = fileSystem();
            if (fs.exists(target)) {
                return false;
            }
            fs.mkdirs(directory);
            try (OutputStream out = fs.create(temp, false)) {
                out.write(serialize(name, properties));
            }
            boolean renamed = !fs.exists(target) && fs.rename(temp, target);
            if (!renamed) {
                fs.delete(temp, false);
            }
            return renamed;
        } catch (IOException e) {
            throw new FederatedException("cannot write external schema '" + name + "' to the registry at " + directory + ": "
                    + e.getMessage() + " (check the catalog's 'registry' setting and write access to that location)", e);
        }
    }

    /** Removes a stored schema; false when none of that name was stored. */
    boolean delete(String name) {
        try {
            return fileSystem().delete(fileOf(name), false);
        } catch (IOException e) {
            throw new FederatedException("cannot remove external schema '" + name + "' from the registry at " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    private Path fileOf(String name) {
        if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new FederatedException("'" + name + "' cannot be the name of an external schema kept in the registry"
                    + " (no '/', '\\' or leading '.')");
        }
        return new Path(directory, name + SUFFIX);
    }

    private FileSystem fileSystem() throws IOException {
        return directory.getFileSystem(hadoopConf);
    }

    private static byte[] serialize(String name, Map<String, String> properties) throws IOException {
        Properties props = new Properties();
        props.putAll(properties);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        props.store(bytes, "spark-federated external schema '" + name + "'; created by CREATE EXTERNAL SCHEMA");
        return bytes.toByteArray();
    }

    /** The properties of one file, or null when it vanished meanwhile (dropped by another session). */
    private static Map<String, String> read(FileSystem fs, Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = fs.open(file)) {
            props.load(in);
        } catch (FileNotFoundException e) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }
}
