package org.fedhaem.data;

/** What a model predicts: a survival time with an event flag, or a binary label. */
public sealed interface Outcome permits Outcome.Survival, Outcome.Binary {

    int size();

    /** Follow-up {@code time} (non-negative) and {@code event} (true = death/event, false = censored). */
    record Survival(double[] time, boolean[] event) implements Outcome {
        public Survival {
            if (time.length != event.length) {
                throw new IllegalArgumentException("time has " + time.length + " values, event " + event.length);
            }
        }

        @Override
        public int size() {
            return time.length;
        }

        public int events() {
            int d = 0;
            for (boolean e : event) {
                if (e) {
                    d++;
                }
            }
            return d;
        }
    }

    /** A binary {@code label} (true = positive class). */
    record Binary(boolean[] label) implements Outcome {
        @Override
        public int size() {
            return label.length;
        }

        public int positives() {
            int p = 0;
            for (boolean l : label) {
                if (l) {
                    p++;
                }
            }
            return p;
        }
    }
}
