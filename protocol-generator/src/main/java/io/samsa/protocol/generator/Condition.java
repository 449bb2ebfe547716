package io.samsa.protocol.generator;

/**
 * A boolean Java expression over the {@code version} variable, simplified against the versions
 * the code is known to run in, so that generated code only tests what can vary.
 */
public record Condition(String expression) {
    public static final Condition TRUE = new Condition("true");
    public static final Condition FALSE = new Condition("false");

    /** "version is in {@code range}", knowing that version is in {@code known}. */
    public static Condition in(Versions range, Versions known) {
        Versions both = range.intersect(known);
        if (both.isEmpty()) {
            return FALSE;
        }
        if (both.equals(known)) {
            return TRUE;
        }
        boolean checkLow = both.lowest() > known.lowest();
        boolean checkHigh = both.highest() < known.highest();
        if (checkLow && checkHigh && both.lowest() == both.highest()) {
            return new Condition("version == " + both.lowest());
        }
        String low = "version >= " + both.lowest();
        String high = "version <= " + both.highest();
        if (checkLow && checkHigh) {
            return new Condition(low + " && " + high);
        }
        return new Condition(checkLow ? low : high);
    }

    public boolean isTrue() {
        return this.equals(TRUE);
    }

    public boolean isFalse() {
        return this.equals(FALSE);
    }

    public Condition and(Condition other) {
        if (isFalse() || other.isFalse()) {
            return FALSE;
        }
        if (isTrue()) {
            return other;
        }
        if (other.isTrue()) {
            return this;
        }
        return new Condition(paren() + " && " + other.paren());
    }

    public Condition or(Condition other) {
        if (isTrue() || other.isTrue()) {
            return TRUE;
        }
        if (isFalse()) {
            return other;
        }
        if (other.isFalse()) {
            return this;
        }
        return new Condition("(" + expression + ") || (" + other.expression + ")");
    }

    public Condition not() {
        if (isTrue()) {
            return FALSE;
        }
        if (isFalse()) {
            return TRUE;
        }
        return new Condition("!(" + expression + ")");
    }

    private String paren() {
        return expression.contains("||") ? "(" + expression + ")" : expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
