package dev.cairn.plan;

public enum Direction {
    UP, DOWN;

    /** The word stored in the progress table and shown in the API. */
    public String word() {
        return this == UP ? "up" : "down";
    }
}
