package io.sparkfederated.connector.postgres;

/**
 * A PostgreSQL column type after resolving domains to their base type, as read from pg_type.
 *
 * @param name       base type name in pg_catalog spelling ({@code int4}, {@code numeric}, {@code _int4} …)
 * @param typtype    pg_type.typtype of the base type: b(ase), e(num), r(ange), m(ultirange), c(omposite), p(seudo)
 * @param typmod     the type modifier (numeric precision/scale, varchar length …), -1 when none
 * @param element    for arrays, the element type (domains resolved); else null
 * @param dimensions for arrays, the number of dimensions, 0 while unknown (PostgreSQL records none for
 *                   views, CREATE TABLE AS tables and query results); else 0
 */
record PgType(String name, char typtype, int typmod, PgType element, int dimensions) {

    static PgType scalar(String name, char typtype, int typmod) {
        return new PgType(name, typtype, typmod, null, 0);
    }

    static PgType array(PgType element, int dimensions) {
        return new PgType("_" + element.name(), 'b', element.typmod(), element, dimensions);
    }

    PgType withDimensions(int dims) {
        return new PgType(name, typtype, typmod, element, dims);
    }

    boolean isArray() {
        return element != null;
    }

    /** numeric precision from the typmod, or -1 when unconstrained. */
    int numericPrecision() {
        return typmod < 4 ? -1 : ((typmod - 4) >> 16) & 0xFFFF;
    }

    /** numeric scale from the typmod (may be negative since PostgreSQL 15), meaningless when unconstrained. */
    int numericScale() {
        return (short) ((typmod - 4) & 0xFFFF);
    }
}
