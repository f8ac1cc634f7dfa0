package dev.pixflow.adapter.sqlite;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's connections, whose transactions take turns first come, first served. Every transaction
 * here begins IMMEDIATE, so it holds SQLite's one write lock from its start anyway; but SQLite's busy
 * handler lets waiters poll for that lock, and under a sustained load of writers a newcomer can take
 * it again and again ahead of one that has waited the whole busy timeout ("database is locked"). A
 * fair lock taken when a transaction begins and given back when it ends queues them in this process
 * (the embedded mode is one process) in arrival order instead; the lock excludes nothing that SQLite
 * did not already exclude.
 */
final class WritersInTurn extends DelegatingDataSource {
    private final ReentrantLock turn = new ReentrantLock(true);

    WritersInTurn(DataSource pool) {
        super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return inTurn(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return inTurn(super.getConnection(username, password));
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
}
