package io.samsa.protocol.generator;

/**
 * A boolean Java expression over the {@code version} variable, simplified against the versions
 * the code is known to run in, so that generated code only tests what can vary.
 *
 * @param negation the same test inverted and spelled directly ({@code version < 4} rather than
 *     {@code !(version >= 4)}), or null to negate by wrapping
 */
public record Condition(String expression, String negation) {
    public static final Condition TRUE = new Condition("true", "false");
    public static final Condition FALSE = new Condition("false", "true");

    public Condition(String expression) {
        this(expression, null);
    }

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
        short lo = both.lowest();
        short hi = both.highest();
        if (checkLow && checkHigh) {
            return lo == hi
                    ? new Condition("version == " + lo, "version != " + lo)
                    : new Condition("version >= " + lo + " && version <= " + hi, "version < " + lo + " || version > " + hi);
        }
        return checkLow
                ? new Condition("version >= " + lo, "version < " + lo)
                : new Condition("version <= " + hi, "version > " + hi);
    }

    public boolean isTrue() {
        return expression.equals("true");
    }

    public boolean isFalse() {
        return expression.equals("false");
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
        return new Condition(paren(expression) + " && " + paren(other.expression));
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
        return new Condition(expression + " || " + other.expression);
    }

    public Condition not() {
        if (negation != null) {
            return new Condition(negation, expression);
        }
        return new Condition("!(" + expression + ")", expression);
    }

    private static String paren(String expression) {
        return expression.contains("||") ? "(" + expression + ")" : expression;
    }

    @Override
    public String toString() {
        return expression;
    }
}
