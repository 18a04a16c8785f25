package io.sparkfederated.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.internal.VariableSubstitution;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.FederatedException;
import io.sparkfederated.catalog.DropExternalSchemasProcedure;
import io.sparkfederated.catalog.ExternalSchemaRegistry;

/**
 * Spark's SQL parser plus Redshift's external-schema DDL. {@code CREATE EXTERNAL SCHEMA} becomes
 * Spark's {@code CREATE NAMESPACE … WITH DBPROPERTIES} on a federated catalog; {@code DROP SCHEMA}
 * of external schemas becomes a call of the catalog's {@code system.drop_external_schemas}. Every
 * other statement (and a {@code DROP SCHEMA} of anything else) goes to Spark's parser unchanged.
 *
 * <p>An unqualified schema name belongs to the current catalog when that is a federated catalog,
 * else to the only federated catalog configured; {@code DROP SCHEMA x} only takes an unqualified
 * name away from Spark when the current catalog has no schema {@code x} and exactly one federated
 * catalog has.
 */
public final class FederatedSqlParser implements ParserInterface {

    private static final Pattern CATALOG_KEY = Pattern.compile("spark\\.sql\\.catalog\\.([^.]+)");

    private final SparkSession session;
    private final ParserInterface delegate;

    public FederatedSqlParser(SparkSession session, ParserInterface delegate) {
        this.session = session;
        this.delegate = delegate;
    }

    @Override
    public LogicalPlan parsePlan(String sqlText) throws ParseException {
        Optional<String> rewritten = rewrite(sqlText);
        return delegate.parsePlan(rewritten.orElse(sqlText));
    }

    @Override
    public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext parameterContext) throws ParseException {
        Optional<String> rewritten = rewrite(sqlText);
        return rewritten.isPresent() ? delegate.parsePlan(rewritten.get())
                : delegate.parsePlanWithParameters(sqlText, parameterContext);
    }

    /** The Spark SQL an external-schema DDL statement stands for; empty for any other statement. */
    private Optional<String> rewrite(String sqlText) {
        // ${var}, ${env:VAR}, ${system:prop} are replaced first, as Spark's own parser does
        Optional<DdlParser.Statement> statement = DdlParser.parse(new VariableSubstitution().substitute(sqlText));
        if (statement.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(statement.get() instanceof DdlParser.CreateExternalSchema create ? createSql(create)
                : dropSql((DdlParser.DropSchemas) statement.get()));
    }

    private String createSql(DdlParser.CreateExternalSchema create) {
        String catalog;
        String schema;
        if (create.name().size() == 2) {
            catalog = requireFederated(create.name().get(0));
            schema = create.name().get(1);
        } else {
            catalog = defaultCatalog(create.name().get(0));
            schema = create.name().get(0);
        }
        if (ExternalSchemaRegistry.RESERVED_NAMES.contains(schema.toLowerCase(java.util.Locale.ROOT))) {
            throw new FederatedException("'" + schema + "' cannot be the name of an external schema: catalog '" + catalog
                    + "' uses it for its metadata tables; choose another name");
        }
        String properties = create.options().entrySet().stream()
                .map(e -> SparkSqlText.string(e.getKey()) + " = " + SparkSqlText.string(e.getValue()))
                .collect(Collectors.joining(", "));
        return "CREATE NAMESPACE " + (create.ifNotExists() ? "IF NOT EXISTS " : "")
                + SparkSqlText.identifier(catalog, schema) + " WITH DBPROPERTIES (" + properties + ")";
    }

    /** The CALL that drops the external schemas, or null when the names are Spark's own schemas. */
    private String dropSql(DdlParser.DropSchemas drop) {
        List<String> catalogs = new ArrayList<>();
        List<String> schemas = new ArrayList<>();
        for (List<String> name : drop.names()) {
            String catalog = name.size() == 2 ? (isFederated(name.get(0)) ? name.get(0) : null) : catalogForDrop(name.get(0));
            catalogs.add(catalog);
            schemas.add(name.get(name.size() - 1));
        }
        if (catalogs.stream().allMatch(c -> c == null) && drop.names().size() == 1) {
            return null; // a schema of Spark's own: Spark's DROP SCHEMA
        }
        List<String> distinct = catalogs.stream().distinct().toList();
        if (distinct.size() != 1 || distinct.get(0) == null) {
            throw new FederatedException("DROP SCHEMA of several names drops external schemas of one federated catalog"
                    + " at a time; these names resolve to " + describe(drop.names(), catalogs)
                    + " (qualify them as <catalog>.<schema>, or drop them one by one)");
        }
        String names = schemas.stream().map(SparkSqlText::string).collect(Collectors.joining(", "));
        return "CALL " + SparkSqlText.identifier(distinct.get(0), DropExternalSchemasProcedure.NAMESPACE, DropExternalSchemasProcedure.NAME)
                + "(array(" + names + "), " + drop.ifExists() + ", " + drop.cascade() + ")";
    }

    private static String describe(List<List<String>> names, List<String> catalogs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            parts.add(String.join(".", names.get(i)) + " -> " + (catalogs.get(i) == null ? "no federated catalog" : catalogs.get(i)));
        }
        return String.join(", ", parts);
    }

    // ---- which catalog a name belongs to ----

    private String requireFederated(String catalog) {
        if (!isFederated(catalog)) {
            throw new FederatedException("catalog '" + catalog + "' is not a spark-federated catalog; external schemas live"
                    + " in a catalog configured with spark.sql.catalog.<name>=" + FederatedCatalog.class.getName()
                    + (federatedCatalogs().isEmpty() ? "" : " (here: " + String.join(", ", federatedCatalogs()) + ")"));
        }
        return catalog;
    }

    private String defaultCatalog(String schema) {
        String current = catalogManager().currentCatalog().name();
        if (isFederated(current)) {
            return current;
        }
        List<String> federated = federatedCatalogs();
        if (federated.size() > 1) { // prefer the catalogs that can keep DDL-created schemas
            List<String> withRegistry = federated.stream()
                    .filter(c -> session.conf().getOption("spark.sql.catalog." + c + "." + ExternalSchemaRegistry.REGISTRY).isDefined())
                    .toList();
            federated = withRegistry.isEmpty() ? federated : withRegistry;
        }
        if (federated.size() == 1) {
            return federated.get(0);
        }
        if (federated.isEmpty()) {
            throw new FederatedException("no spark-federated catalog is configured to hold external schema '" + schema
                    + "': set spark.sql.catalog.<name>=" + FederatedCatalog.class.getName()
                    + " and spark.sql.catalog.<name>.registry=<directory>");
        }
        throw new FederatedException("external schema '" + schema + "' could go to any of the federated catalogs "
                + federated + ": write <catalog>." + schema + " or USE the catalog first");
    }

    /** The federated catalog an unqualified name in DROP SCHEMA means, or null for Spark's own schema. */
    private String catalogForDrop(String schema) {
        CatalogPlugin current = catalogManager().currentCatalog();
        if (isFederated(current.name())) {
            return current.name();
        }
        if (current instanceof SupportsNamespaces ns && ns.namespaceExists(new String[] {schema})) {
            return null;
        }
        List<String> holders = federatedCatalogs().stream().filter(c -> holds(c, schema, false)).toList();
        if (holders.size() > 1) { // prefer the catalogs where DDL created it
            holders = holders.stream().filter(c -> holds(c, schema, true)).toList();
        }
        return holders.size() == 1 ? holders.get(0) : null;
    }

    /** Whether a federated catalog has that external schema (created by DDL, if asked); a catalog that fails to load has none. */
    private boolean holds(String catalog, String schema, boolean createdByDdl) {
        try {
            FederatedCatalog c = federatedCatalog(catalog);
            return createdByDdl ? c.createdByDdl(schema) : c.namespaceExists(new String[] {schema});
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean isFederated(String catalog) {
        return federatedCatalogs().stream().anyMatch(c -> c.equalsIgnoreCase(catalog));
    }

    /** Names of the catalogs configured with {@link FederatedCatalog} (or a subclass), sorted. */
    private List<String> federatedCatalogs() {
        List<String> names = new ArrayList<>();
        Map<String, String> conf = scala.jdk.javaapi.CollectionConverters.asJava(session.conf().getAll());
        conf.forEach((key, value) -> {
            Matcher m = CATALOG_KEY.matcher(key);
            if (m.matches() && isFederatedClass(value)) {
                names.add(m.group(1));
            }
        });
        names.sort(null);
        return names;
    }

    private static boolean isFederatedClass(String className) {
        if (className.equals(FederatedCatalog.class.getName())) {
            return true;
        }
        try {
            return FederatedCatalog.class.isAssignableFrom(
                    Class.forName(className.trim(), false, Thread.currentThread().getContextClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private FederatedCatalog federatedCatalog(String name) {
        return (FederatedCatalog) catalogManager().catalog(name);
    }

    private CatalogManager catalogManager() {
        return ((org.apache.spark.sql.classic.SparkSession) session).sessionState().catalogManager();
    }

    // ---- everything else is Spark's ----

    @Override
    public Expression parseExpression(String sqlText) throws ParseException {
        return delegate.parseExpression(sqlText);
    }

    @Override
    public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
        return delegate.parseTableIdentifier(sqlText);
    }

    @Override
    public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
        return delegate.parseFunctionIdentifier(sqlText);
    }

    @Override
    public scala.collection.immutable.Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
        return delegate.parseMultipartIdentifier(sqlText);
    }

    @Override
    public LogicalPlan parseQuery(String sqlText) throws ParseException {
        return delegate.parseQuery(sqlText);
    }

    @Override
    public StructType parseRoutineParam(String sqlText) throws ParseException {
        return delegate.parseRoutineParam(sqlText);
    }

    @Override
    public StructType parseTableSchema(String sqlText) throws ParseException {
        return delegate.parseTableSchema(sqlText);
    }

    @Override
    public DataType parseDataType(String sqlText) throws ParseException {
        return delegate.parseDataType(sqlText);
    }
}
