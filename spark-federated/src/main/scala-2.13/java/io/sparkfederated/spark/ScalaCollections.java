package io.sparkfederated.spark;

import java.util.List;
import java.util.Map;

/** Scala collections as Java's, on Scala 2.13 ({@code scala.jdk.javaapi.CollectionConverters}). */
public final class ScalaCollections {

    private ScalaCollections() {
    }

    public static <T> List<T> asJava(scala.collection.Seq<T> seq) {
        return scala.jdk.javaapi.CollectionConverters.asJava(seq);
    }

    public static <K, V> Map<K, V> asJava(scala.collection.Map<K, V> map) {
        return scala.jdk.javaapi.CollectionConverters.asJava(map);
    }
}
