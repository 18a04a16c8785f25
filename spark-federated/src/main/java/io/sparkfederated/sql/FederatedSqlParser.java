package io.sparkfederated.sql;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.internal.VariableSubstitution;

import io.sparkfederated.FederatedCatalog;
import io.sparkfederated.FederatedException;
import io.sparkfederated.catalog.ExternalSchemaRegistry;
import io.sparkfederated.spark.ScalaCollections;
import io.sparkfederated.spark.SparkLine;

/**
 * Spark's SQL parser plus Redshift's external-schema DDL. {@code CREATE EXTERNAL SCHEMA} becomes
 * Spark's {@code CREATE NAMESPACE … WITH DBPROPERTIES} on a federated catalog; {@code DROP SCHEMA}
 * of external schemas becomes {@link DropExternalSchemas} (run as the Spark line can, see
 * {@code DropPlans}). Every other statement (and a {@code DROP SCHEMA} of
 * anything else) goes to Spark's parser unchanged.
 *
 * <p>An unqualified schema name belongs to the current catalog when that is a federated catalog,
 * else to the only federated catalog configured; {@code DROP SCHEMA x} only takes an unqualified
 * name away from Spark when the current catalog has no schema {@code x} and exactly one federated
 * catalog has.
 *
 * <p>Spark's {@link ParserInterface} gains methods from line to line ({@code parseRoutineParam} in
 * 4.0, {@code parsePlanWithParameters} in 4.1), so the parser is a proxy of it: statements
 * ({@code parsePlan…(sqlText, …)}) are checked for the DDL first, every other method is Spark's.
 */
public final class FederatedSqlParser implements InvocationHandler {

    private static final Pattern CATALOG_KEY = Pattern.compile("spark\\.sql\\.catalog\\.([^.]+)");

    private final SparkSession session;
    private final ParserInterface delegate;

    private FederatedSqlParser(SparkSession session, ParserInterface delegate) {
        this.session = session;
        this.delegate = delegate;
    }

    /** Spark's parser {@code delegate} with the external-schema DDL in front of it. */
    public static ParserInterface wrap(SparkSession session, ParserInterface delegate) {
        return (ParserInterface) Proxy.newProxyInstance(FederatedSqlParser.class.getClassLoader(),
                new Class<?>[] {ParserInterface.class}, new FederatedSqlParser(session, delegate));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.getName().equals("toString") ? "FederatedSqlParser(" + delegate + ")"
                    : method.getName().equals("equals") ? proxy == args[0] : System.identityHashCode(proxy);
        }
        if (isStatement(method, args)) {
            Optional<LogicalPlan> ddl = ddlPlan((String) args[0]);
            if (ddl.isPresent()) {
                return ddl.get(); // parameters (parsePlanWithParameters) have no place in the DDL
            }
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** parsePlan(sqlText) and parsePlanWithParameters(sqlText, parameters): a whole statement. */
    private static boolean isStatement(Method method, Object[] args) {
        return method.getName().startsWith("parsePlan") && args != null && args.length >= 1 && args[0] instanceof String;
    }

    /** The plan of an external-schema DDL statement; empty for any other statement. */
    private Optional<LogicalPlan> ddlPlan(String sqlText) throws ParseException {
        // ${var}, ${env:VAR}, ${system:prop} are replaced first, as Spark's own parser does
        Optional<DdlParser.Statement> statement = DdlParser.parse(new VariableSubstitution().substitute(sqlText));
        if (statement.isEmpty()) {
            return Optional.empty();
        }
        if (statement.get() instanceof DdlParser.CreateExternalSchema create) {
            return Optional.of(delegate.parsePlan(createSql(create)));
        }
        DropExternalSchemas drop = drop((DdlParser.DropSchemas) statement.get());
        return drop == null ? Optional.empty() : Optional.of(DropPlans.dropExternalSchemas(drop, delegate));
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

    /** The external schemas to drop, or null when the names are Spark's own schemas. */
    private DropExternalSchemas drop(DdlParser.DropSchemas drop) {
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
        return new DropExternalSchemas(distinct.get(0), schemas, drop.ifExists(), drop.cascade());
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
        Map<String, String> conf = ScalaCollections.asJava(session.conf().getAll());
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
        return SparkLine.current().sessionState(session).orElseThrow().catalogManager();
    }
}
