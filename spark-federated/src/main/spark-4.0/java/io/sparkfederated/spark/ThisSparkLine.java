package io.sparkfederated.spark;

/** Spark 4.0. */
final class ThisSparkLine extends Spark4Line {

    static final SparkLine INSTANCE = new ThisSparkLine();

    @Override
    public String line() {
        return "4.0";
    }
}
