package org.fedhaem.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's parameters as an ordered list of named flat {@code double[]} arrays with shapes.
 * This is what strategies aggregate and what travels between sites and the coordinator.
 * Immutable: arrays are copied in and out.
 */
public final class Parameters {

    /** One named array; {@code values.length} equals the product of {@code shape}. */
    public record Tensor(String name, int[] shape, double[] values) {
        public Tensor {
            Objects.requireNonNull(name, "name");
            shape = shape.clone();
            values = values.clone();
            long size = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("Negative dimension in shape of " + name + ": " + Arrays.toString(shape));
                }
                size *= d;
            }
            if (size != values.length) {
                throw new IllegalArgumentException("Tensor " + name + " has shape " + Arrays.toString(shape)
                        + " (" + size + " values) but " + values.length + " values");
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        int size() {
            return values.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                    && Arrays.equals(values, t.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    private final Map<String, Tensor> tensors;

    public Parameters(List<Tensor> tensors) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("Duplicate parameter name: " + t.name());
            }
        }
        this.tensors = map;
    }

    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    public List<Tensor> tensors() {
        return List.copyOf(tensors.values());
    }

    /** A copy of the values of {@code name}. */
    public double[] get(String name) {
        return tensor(name).values();
    }

    public int[] shape(String name) {
        return tensor(name).shape();
    }

    /** A new Parameters with {@code name} replaced; the size must match. */
    public Parameters with(String name, double[] values) {
        Tensor old = tensor(name);
        List<Tensor> list = new ArrayList<>();
        for (Tensor t : tensors.values()) {
            list.add(t == old ? new Tensor(name, old.shape, values) : t);
        }
        return new Parameters(list);
    }

    /** Total number of scalar parameters. */
    public int size() {
        int n = 0;
        for (Tensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }

    /** All values concatenated in declaration order. */
    public double[] flatten() {
        double[] out = new double[size()];
        int k = 0;
        for (Tensor t : tensors.values()) {
            System.arraycopy(t.values, 0, out, k, t.values.length);
            k += t.values.length;
        }
        return out;
    }

    /** The same names and shapes holding {@code flat} (as produced by {@link #flatten()}). */
    public Parameters withFlat(double[] flat) {
        if (flat.length != size()) {
            throw new IllegalArgumentException("Expected " + size() + " values, got " + flat.length);
        }
        List<Tensor> list = new ArrayList<>();
        int k = 0;
        for (Tensor t : tensors.values()) {
            list.add(new Tensor(t.name, t.shape, Arrays.copyOfRange(flat, k, k + t.values.length)));
            k += t.values.length;
        }
        return new Parameters(list);
    }

    /** True when both have the same names in the same order with the same shapes. */
    public boolean sameLayout(Parameters other) {
        if (!tensors.keySet().equals(other.tensors.keySet())) {
            return false;
        }
        var a = tensors.values().iterator();
        var b = other.tensors.values().iterator();
        while (a.hasNext()) {
            Tensor x = a.next();
            Tensor y = b.next();
            if (!x.name.equals(y.name) || !Arrays.equals(x.shape, y.shape)) {
                return false;
            }
        }
        return true;
    }

    private Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("No parameter named " + name + "; have " + tensors.keySet());
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && tensors.equals(p.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "Parameters" + tensors.values();
    }
}
