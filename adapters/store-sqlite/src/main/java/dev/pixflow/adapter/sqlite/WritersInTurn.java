package dev.pixflow.adapter.sqlite;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The pool's connections, whose transactions take turns first come, first served. Every transaction
 * here begins IMMEDIATE, so it holds SQLite's one write lock from its start anyway; but SQLite's busy
 * handler lets waiters poll for that lock, and under a sustained load of writers a newcomer can take
 * it again and again ahead of one that has waited the whole busy timeout ("database is locked"). A
 * fair lock taken when a transaction begins and given back when it ends queues them in this process
 * (the embedded mode is one process) in arrival order instead; the lock excludes nothing that SQLite
 * did not already exclude.
 */
final class WritersInTurn implements DataSource {
    private final DataSource pool;
    private final ReentrantLock turn = new ReentrantLock(true);

    WritersInTurn(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return inTurn(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return inTurn(pool.getConnection(username, password));
    }

    private Connection inTurn(Connection connection) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean holding;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                if (name.equals("setAutoCommit") && !(Boolean) args[0] && !holding) {
                    turn.lock();
                    holding = true;
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                } finally {
                    boolean ends = name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0)
                            || name.equals("close") || name.equals("setAutoCommit") && (Boolean) args[0];
                    if (ends && holding) {
                        holding = false;
                        turn.unlock();
                    }
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
