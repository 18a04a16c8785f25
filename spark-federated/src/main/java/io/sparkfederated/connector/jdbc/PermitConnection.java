package io.sparkfederated.connector.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/**
 * A connection that gives its admission permit back when it is closed: every call goes to the
 * driver's connection ({@code unwrap} reaches the driver's own classes); {@code close()} and
 * {@code abort(…)} end it and then release the permit, which releases only once however often it is called.
 */
final class PermitConnection implements InvocationHandler {

    private final Connection connection;
    private final Runnable release;

    private PermitConnection(Connection connection, Runnable release) {
        this.connection = connection;
        this.release = release;
    }

    static Connection wrap(Connection connection, Runnable release) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new PermitConnection(connection, release));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "PermitConnection[" + connection + "]";
            case "close", "abort":
                try {
                    return call(method, args);
                } finally {
                    release.run();
                }
            default:
                return call(method, args);
        }
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
