package io.sparkfederated.spark;

/** Spark 4.1 and 4.2. */
final class ThisSparkLine extends Spark4Line {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "4.1";
    }
}
