-- When each periodic sweep last had its turn, for every process: a sweep runs once an interval across
-- the fleet, and a process started after it came due runs it at once (SweepTurns).
CREATE TABLE sweep_turns (
    name   TEXT PRIMARY KEY,
    taken_at INTEGER NOT NULL
);
