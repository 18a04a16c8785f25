package io.sparkfederated.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The sandbox Redshift endpoint's {@code UNLOAD ('select …') TO 's3://bucket/prefix' IAM_ROLE '…'
 * FORMAT [AS] PARQUET [MANIFEST [VERBOSE]] [ALLOWOVERWRITE]}: runs the inner query on the
 * PostgreSQL behind the endpoint, spreads the rows over "slices" (one Parquet file per slice that
 * has rows, named {@code <prefix>0000_part_00.parquet} as Redshift names them), writes them to the
 * sandbox S3, then the manifest ({@code <prefix>manifest}: each file's URL, size and row count;
 * with VERBOSE also the columns and the totals). Like Redshift it refuses a destination that holds
 * files (without ALLOWOVERWRITE) and a bucket that does not exist, and a client's cancel request
 * stops it. The IAM role is required but not checked against any policy; other UNLOAD formats and
 * options are refused by name.
 */
final class RedshiftUnload {

    /** Ways to break an UNLOAD on purpose, as a cancelled or failing Redshift query might. */
    enum Fault {
        /** the manifest lists a file that never reached S3 */
        LOSE_A_FILE,
        /** one written file is missing from the manifest (and from its totals) */
        SHORT_MANIFEST,
        /** no manifest is written at all */
        NO_MANIFEST
    }

    /** A parsed UNLOAD statement. */
    record Request(String query, String bucket, String prefix, String iamRole, boolean manifest, boolean verbose,
                   boolean allowOverwrite) {
    }

    private static final Pattern START = Pattern.compile("(?is)^\\s*unload\\s*\\(\\s*'");
    private static final Pattern TARGET = Pattern.compile("(?is)^\\s*\\)\\s*to\\s*'s3://([^/']+)/([^']*)'(.*)$");
    private static final Pattern OPTION = Pattern.compile("(?is)^\\s*(iam_role\\s+'([^']*)'|format\\s+(?:as\\s+)?(\\w+)"
            + "|manifest(\\s+verbose)?|allowoverwrite|;)");

    private RedshiftUnload() {
    }

    static boolean isUnload(String sql) {
        return START.matcher(sql).lookingAt();
    }

    /** Parses an UNLOAD statement, or fails with the reason in Redshift's terms. */
    static Request parse(String sql) {
        Matcher start = START.matcher(sql);
        if (!start.lookingAt()) {
            throw new IllegalArgumentException("not an UNLOAD statement");
        }
        StringBuilder query = new StringBuilder();
        int i = start.end();
        while (true) {
            if (i >= sql.length()) {
                throw new IllegalArgumentException("syntax error in UNLOAD: unterminated query string");
            }
            char c = sql.charAt(i);
            if (c == '\\' && i + 1 < sql.length()) {
                query.append(sql.charAt(i + 1));
                i += 2;
            } else if (c == '\'' && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                query.append('\'');
                i += 2;
            } else if (c == '\'') {
                i++;
                break;
            } else {
                query.append(c);
                i++;
            }
        }
        Matcher target = TARGET.matcher(sql.substring(i));
        if (!target.matches()) {
            throw new IllegalArgumentException("syntax error in UNLOAD: expected TO 's3://<bucket>/<prefix>'");
        }
        String rest = target.group(3);
        String role = null;
        String format = "text";
        boolean manifest = false;
        boolean verbose = false;
        boolean overwrite = false;
        while (!rest.isBlank()) {
            Matcher option = OPTION.matcher(rest);
            if (!option.lookingAt()) {
                throw new IllegalArgumentException("the sandbox's UNLOAD does not support '" + rest.trim().split("\\s+")[0]
                        + "' (it emulates IAM_ROLE, FORMAT PARQUET, MANIFEST [VERBOSE] and ALLOWOVERWRITE)");
            }
            String word = option.group(1).toLowerCase(Locale.ROOT);
            if (word.startsWith("iam_role")) {
                role = option.group(2);
            } else if (word.startsWith("format")) {
                format = option.group(3).toLowerCase(Locale.ROOT);
            } else if (word.startsWith("manifest")) {
                manifest = true;
                verbose = option.group(4) != null;
            } else if (word.equals("allowoverwrite")) {
                overwrite = true;
            }
            rest = rest.substring(option.end());
        }
        if (role == null || role.isBlank()) {
            throw new IllegalArgumentException("UNLOAD needs IAM_ROLE: the role Redshift assumes to write to S3");
        }
        if (!format.equals("parquet")) {
            throw new IllegalArgumentException("the sandbox's UNLOAD writes FORMAT PARQUET only, got " + format);
        }
        return new Request(query.toString(), target.group(1), target.group(2), role, manifest, verbose, overwrite);
    }

    /** Runs the UNLOAD; returns the number of rows unloaded (what pg_last_unload_count() then reports). */
    static long run(Request request, Connection postgres, LocalS3 s3, int slices, Fault fault, java.util.Set<Statement> running)
            throws SQLException {
        if (!s3.bucketExists(request.bucket())) {
            throw new IllegalArgumentException("S3ServiceException: The specified bucket does not exist (bucket "
                    + request.bucket() + ")");
        }
        if (!request.allowOverwrite() && s3.keys(request.bucket()).stream().anyMatch(k -> k.startsWith(request.prefix()))) {
            throw new IllegalArgumentException("Specified unload destination on S3 is not empty: s3://" + request.bucket() + "/"
                    + request.prefix() + " (use another prefix, remove the files, or ALLOWOVERWRITE)");
        }
        Path work;
        try {
            work = Files.createTempDirectory("sandbox-unload-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            postgres.setAutoCommit(false);
            try (Statement statement = postgres.createStatement()) {
                statement.setFetchSize(10_000);
                running.add(statement); // a client's cancel request cancels it
                try (ResultSet rows = statement.executeQuery(request.query())) {
                    return write(request, rows, work, s3, slices, fault);
                } finally {
                    running.remove(statement);
                }
            } finally {
                postgres.rollback();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    private record Part(String key, Path file, long rows) {
    }

    private static long write(Request request, ResultSet rows, Path work, LocalS3 s3, int slices, Fault fault)
            throws SQLException, IOException {
        ResultSetMetaData meta = rows.getMetaData();
        List<Column> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(Column.of(meta, c));
        }
        Types.MessageTypeBuilder builder = Types.buildMessage();
        columns.forEach(col -> builder.addField(col.parquetType()));
        MessageType schema = builder.named("redshift_unload");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        @SuppressWarnings("unchecked")
        ParquetWriter<Group>[] writers = new ParquetWriter[slices];
        long[] counts = new long[slices];
        long total = 0;
        try {
            while (rows.next()) {
                int slice = (int) (total % slices);
                if (writers[slice] == null) {
                    writers[slice] = ExampleParquetWriter.builder(localFile(work.resolve(fileName(slice))))
                            .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
                            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build();
                }
                Group group = groups.newGroup();
                for (int c = 0; c < columns.size(); c++) {
                    columns.get(c).add(group, c, rows);
                }
                writers[slice].write(group);
                counts[slice]++;
                total++;
            }
        } finally {
            for (ParquetWriter<Group> writer : writers) {
                if (writer != null) {
                    writer.close();
                }
            }
        }
        List<Part> parts = new ArrayList<>();
        for (int slice = 0; slice < slices; slice++) {
            if (writers[slice] != null) {
                parts.add(new Part(request.prefix() + fileName(slice), work.resolve(fileName(slice)), counts[slice]));
            }
        }
        for (int p = 0; p < parts.size(); p++) {
            boolean lost = fault == Fault.LOSE_A_FILE && p == parts.size() - 1;
            if (!lost) {
                s3.putObject(request.bucket(), parts.get(p).key(), Files.readAllBytes(parts.get(p).file()));
            }
        }
        if (request.manifest() && fault != Fault.NO_MANIFEST) {
            List<Part> listed = fault == Fault.SHORT_MANIFEST && !parts.isEmpty() ? parts.subList(0, parts.size() - 1) : parts;
            s3.putObject(request.bucket(), request.prefix() + "manifest", manifest(request, listed, columns)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return total;
    }

    /** A local file through Hadoop's file system: Parquet 1.13 (Spark 3.5's) has no LocalOutputFile. */
    private static HadoopOutputFile localFile(Path file) throws IOException {
        return HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new org.apache.hadoop.conf.Configuration());
    }

    private static String fileName(int slice) {
        return String.format("%04d_part_00.parquet", slice);
    }

    private static String manifest(Request request, List<Part> parts, List<Column> columns) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"entries\": [");
        long bytes = 0;
        long rows = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            long size = Files.size(part.file());
            bytes += size;
            rows += part.rows();
            json.append(i == 0 ? "\n" : ",\n").append("    {\"url\": ")
                    .append(LocalAws.quote("s3://" + request.bucket() + "/" + part.key()))
                    .append(", \"meta\": {\"content_length\": ").append(size).append(", \"record_count\": ")
                    .append(part.rows()).append("}}");
        }
        json.append("\n  ]");
        if (request.verbose()) {
            json.append(",\n  \"schema\": {\"elements\": [");
            for (int i = 0; i < columns.size(); i++) {
                json.append(i == 0 ? "" : ", ").append("{\"name\": ").append(LocalAws.quote(columns.get(i).name()))
                        .append(", \"type\": {\"base\": ").append(LocalAws.quote(columns.get(i).redshiftType())).append("}}");
            }
            json.append("]},\n  \"meta\": {\"content_length\": ").append(bytes).append(", \"record_count\": ").append(rows)
                    .append("},\n  \"author\": {\"name\": \"Amazon Redshift\", \"version\": \"1.0.0\"}");
        }
        return json.append("\n}\n").toString();
    }

    /** One result column: its Parquet type and how a value is copied into a row group. */
    private record Column(String name, String pgType, int precision, int scale) {

        static Column of(ResultSetMetaData meta, int c) throws SQLException {
            String type = meta.getColumnTypeName(c);
            int precision = meta.getPrecision(c);
            int scale = meta.getScale(c);
            if (type.equals("numeric") && (precision <= 0 || precision > 38)) {
                precision = 38;
                scale = 18;
            }
            return new Column(meta.getColumnLabel(c), type, precision, scale);
        }

        String redshiftType() {
            return switch (pgType) {
                case "int2" -> "smallint";
                case "int4" -> "integer";
                case "int8" -> "bigint";
                case "float4" -> "real";
                case "float8" -> "double precision";
                case "bool" -> "boolean";
                case "numeric" -> "numeric";
                case "date" -> "date";
                case "timestamp" -> "timestamp";
                case "timestamptz" -> "timestamptz";
                case "bpchar" -> "character";
                case "bytea" -> "varbyte";
                default -> "character varying";
            };
        }

        org.apache.parquet.schema.Type parquetType() {
            return switch (pgType) {
                case "int2" -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
                case "int4" -> Types.optional(PrimitiveTypeName.INT32).named(name);
                case "int8" -> Types.optional(PrimitiveTypeName.INT64).named(name);
                case "float4" -> Types.optional(PrimitiveTypeName.FLOAT).named(name);
                case "float8" -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
                case "bool" -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
                // as Parquet writers do: int32 up to 9 digits, int64 up to 18, else fixed-length bytes
                case "numeric" -> (precision <= 9 ? Types.optional(PrimitiveTypeName.INT32)
                        : precision <= 18 ? Types.optional(PrimitiveTypeName.INT64)
                        : Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(decimalBytes(precision)))
                        .as(LogicalTypeAnnotation.decimalType(scale, precision)).named(name);
                case "date" -> Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
                case "timestamp" -> Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
                case "timestamptz" -> Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name);
                case "bytea" -> Types.optional(PrimitiveTypeName.BINARY).named(name);
                default -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
            };
        }

        /** The fewest bytes whose two's complement holds every unscaled value of this many digits. */
        static int decimalBytes(int precision) {
            return (java.math.BigInteger.TEN.pow(precision).bitLength() + 8) / 8;
        }

        void add(Group group, int field, ResultSet rows) throws SQLException {
            int c = field + 1;
            switch (pgType) {
                case "int2", "int4" -> {
                    int v = rows.getInt(c);
                    if (!rows.wasNull()) {
                        group.add(field, v);
                    }
                }
                case "int8" -> {
                    long v = rows.getLong(c);
                    if (!rows.wasNull()) {
                        group.add(field, v);
                    }
                }
                case "float4" -> {
                    float v = rows.getFloat(c);
                    if (!rows.wasNull()) {
                        group.add(field, v);
                    }
                }
                case "float8" -> {
                    double v = rows.getDouble(c);
                    if (!rows.wasNull()) {
                        group.add(field, v);
                    }
                }
                case "bool" -> {
                    boolean v = rows.getBoolean(c);
                    if (!rows.wasNull()) {
                        group.add(field, v);
                    }
                }
                case "numeric" -> {
                    BigDecimal v = rows.getBigDecimal(c);
                    if (v != null) {
                        java.math.BigInteger unscaled = v.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
                        if (precision <= 9) {
                            group.add(field, unscaled.intValueExact());
                        } else if (precision <= 18) {
                            group.add(field, unscaled.longValueExact());
                        } else {
                            byte[] bytes = unscaled.toByteArray();
                            byte[] fixed = new byte[decimalBytes(precision)];
                            java.util.Arrays.fill(fixed, 0, fixed.length - bytes.length, (byte) (unscaled.signum() < 0 ? -1 : 0));
                            System.arraycopy(bytes, 0, fixed, fixed.length - bytes.length, bytes.length);
                            group.add(field, Binary.fromConstantByteArray(fixed));
                        }
                    }
                }
                case "date" -> {
                    LocalDate v = rows.getObject(c, LocalDate.class);
                    if (v != null) {
                        group.add(field, Math.toIntExact(v.toEpochDay()));
                    }
                }
                case "timestamp" -> {
                    LocalDateTime v = rows.getObject(c, LocalDateTime.class);
                    if (v != null) {
                        group.add(field, ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), v));
                    }
                }
                case "timestamptz" -> {
                    OffsetDateTime v = rows.getObject(c, OffsetDateTime.class);
                    if (v != null) {
                        group.add(field, ChronoUnit.MICROS.between(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), v));
                    }
                }
                case "bytea" -> {
                    byte[] v = rows.getBytes(c);
                    if (v != null) {
                        group.add(field, Binary.fromConstantByteArray(v));
                    }
                }
                default -> {
                    String v = rows.getString(c);
                    if (v != null) {
                        group.add(field, v);
                    }
                }
            }
        }
    }
}
