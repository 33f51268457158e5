package dev.cairn.plan;

/** How far a run goes, as in {@code Ecto.Migrator.run/4}: {@code all:}, {@code step:} or {@code to:} (inclusive). */
public sealed interface Strategy {

    record All() implements Strategy {
        @Override
        public String toString() {
            return "all";
        }
    }

    record Step(int count) implements Strategy {
        @Override
        public String toString() {
            return "step:" + count;
        }
    }

    record To(long version) implements Strategy {
        @Override
        public String toString() {
            return "to:" + version;
        }
    }
}
