package dev.pixflow.adapter.sqlite;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The pool's connections, whose writes take turns first come, first served. Every transaction here
 * begins IMMEDIATE, so it holds SQLite's one write lock from its start anyway; but SQLite's busy
 * handler lets waiters poll for that lock, and under a sustained load of writers a newcomer can take
 * it again and again ahead of one that has waited the whole busy timeout ("database is locked"). A
 * fair lock queues them in this process (the embedded mode is one process) in arrival order instead:
 * a transaction takes it when it begins and gives it back when it ends; a write outside a transaction
 * (autocommit, one statement) takes it for that statement, or such writes would still be left to poll
 * against a queue of transactions. The lock excludes nothing that SQLite did not already exclude.
 */
final class WritersInTurn extends DelegatingDataSource {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeUpdate", "executeLargeUpdate", "executeQuery",
            "executeBatch", "executeLargeBatch");

    private static final Pattern CTE_WRITE = Pattern.compile("\\b(INSERT|UPDATE|DELETE|REPLACE)\\b", Pattern.CASE_INSENSITIVE);

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

    /** Whether a writer is waiting for its turn: for tests. */
    boolean writerWaiting() {
        return turn.hasQueuedThreads();
    }

    private Connection inTurn(Connection connection) {
        Hold hold = new Hold();
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("setAutoCommit") && !(Boolean) args[0]) {
                hold.take();
            }
            try {
                Object result = method.invoke(connection, args);
                if (result instanceof Statement statement) {
                    return inTurn(statement, method.getReturnType(), connection, sqlArgument(args, null));
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                // Not at commit or rollback: the driver begins the next IMMEDIATE transaction right
                // after them, so SQLite's lock is held until autocommit comes back on (or the close).
                if (name.equals("close") || name.equals("setAutoCommit") && (Boolean) args[0]) {
                    hold.giveBack();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    /**
     * A statement whose writes outside a transaction take their turn. {@code preparedSql}: a prepared
     * statement's SQL; a plain statement's comes with each execution. A query that writes (RETURNING)
     * keeps its turn until its results are closed, as SQLite commits it only then.
     */
    private Statement inTurn(Statement statement, Class<?> type, Connection connection, String preparedSql) {
        Hold hold = new Hold();
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            boolean alone = !hold.held() && EXECUTIONS.contains(name)
                    && (name.contains("Batch") || writes(sqlArgument(args, preparedSql))) && connection.getAutoCommit();
            if (alone) {
                hold.take();
            }
            boolean done = alone;
            try {
                Object result = method.invoke(statement, args);
                if (alone && result instanceof ResultSet rows) {
                    done = false;
                    return hold.untilClosed(rows);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (done || name.equals("close")) {
                    hold.giveBack();
                }
            }
        };
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** The SQL a call to prepare or execute names (its first argument, when that is a string), else {@code otherwise}. */
    private static String sqlArgument(Object[] args, String otherwise) {
        return args != null && args.length > 0 && args[0] instanceof String sql ? sql : otherwise;
    }

    /** One connection's or statement's hold on the turn: taken at most once, given back at most once. */
    private final class Hold {
        private boolean held;

        boolean held() {
            return held;
        }

        void take() {
            if (!held) {
                turn.lock();
                held = true;
            }
        }

        void giveBack() {
            if (held) {
                held = false;
                turn.unlock();
            }
        }

        /** {@code rows}, giving the turn back when they are closed. */
        ResultSet untilClosed(ResultSet rows) {
            return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                    (proxy, method, args) -> {
                        try {
                            return method.invoke(rows, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            if (method.getName().equals("close")) {
                                giveBack();
                            }
                        }
                    });
        }
    }

    /**
     * Whether a statement may write: a query (SELECT, EXPLAIN, a WITH that names no INSERT, UPDATE,
     * DELETE or REPLACE) does not; a PRAGMA counts as a query, as the stores set none after opening.
     */
    static boolean writes(String sql) {
        if (sql == null) {
            return false;
        }
        String s = sql.stripLeading();
        if (s.regionMatches(true, 0, "WITH", 0, 4)) {
            return CTE_WRITE.matcher(s).find();
        }
        return !(s.regionMatches(true, 0, "SELECT", 0, 6) || s.regionMatches(true, 0, "PRAGMA", 0, 6)
                || s.regionMatches(true, 0, "EXPLAIN", 0, 7));
    }
}
