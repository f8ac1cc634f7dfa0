package dev.pixflow.engine.vips.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls C functions by name, deriving each downcall handle from the Java types of the arguments
 * (String as a C string, Integer and Boolean as int, Double as double, Long as a 64-bit integer,
 * MemorySegment and VipsImage as pointers).
 *
 * <p>A C variadic function needs a handle per argument shape (the linker must know how each
 * variadic argument is passed), so handles are cached per symbol and shape; the set of shapes
 * Pixflow uses is small and fixed, so the cache stays small.
 */
final class NativeCalls {
    /** Marks a call as not variadic. */
    static final int FIXED = -1;

    private record Shape(String symbol, MemoryLayout returns, int firstVariadic, List<MemoryLayout> arguments) {
    }

    private final Linker linker = Linker.nativeLinker();
    private final SymbolLookup lookup;
    private final Map<Shape, MethodHandle> handles = new ConcurrentHashMap<>();

    NativeCalls(SymbolLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * Calls {@code symbol}. Strings are copied into {@code arena}, which must outlive the call only.
     *
     * @param returns       the C return layout, or null for void
     * @param firstVariadic index of the first variadic argument, or {@link #FIXED}
     * @return the C result boxed (Integer, Long, MemorySegment), or null for void
     */
    Object invoke(Arena arena, String symbol, MemoryLayout returns, int firstVariadic, List<?> arguments) {
        List<Object> values = new ArrayList<>(arguments.size());
        List<MemoryLayout> layouts = new ArrayList<>(arguments.size());
        for (Object argument : arguments) {
            Object value = toNative(arena, argument);
            values.add(value);
            layouts.add(layoutOf(value));
        }
        MethodHandle handle = handles.computeIfAbsent(
                new Shape(symbol, returns, firstVariadic, List.copyOf(layouts)), this::downcall);
        try {
            return handle.invokeWithArguments(values);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("native call " + symbol + " failed", e);
        }
    }

    /**
     * Calls a libvips variadic operation: the required arguments, then the optional name/value pairs,
     * then the NULL that ends the list.
     */
    Object invokeVariadic(Arena arena, String symbol, MemoryLayout returns, List<?> required, VipsOptions options) {
        List<Object> arguments = new ArrayList<>(required);
        arguments.addAll(options.namesAndValues());
        arguments.add(MemorySegment.NULL);
        return invoke(arena, symbol, returns, required.size(), arguments);
    }

    private MethodHandle downcall(Shape shape) {
        MemorySegment address = lookup.find(shape.symbol())
                .orElseThrow(() -> new IllegalStateException("libvips has no symbol " + shape.symbol()));
        MemoryLayout[] arguments = shape.arguments().toArray(MemoryLayout[]::new);
        FunctionDescriptor descriptor = shape.returns() == null
                ? FunctionDescriptor.ofVoid(arguments)
                : FunctionDescriptor.of(shape.returns(), arguments);
        return shape.firstVariadic() == FIXED
                ? linker.downcallHandle(address, descriptor)
                : linker.downcallHandle(address, descriptor, Linker.Option.firstVariadicArg(shape.firstVariadic()));
    }

    private static Object toNative(Arena arena, Object argument) {
        return switch (argument) {
            case String text -> arena.allocateFrom(text);
            case Integer number -> number;
            case Boolean flag -> flag ? 1 : 0;
            case Double number -> number;
            case Long number -> number;
            case MemorySegment pointer -> pointer;
            case VipsImage image -> image.pointer();
            case null -> throw new IllegalArgumentException("null argument: use MemorySegment.NULL for NULL");
            default -> throw new IllegalArgumentException("no C mapping for " + argument.getClass().getName());
        };
    }

    private static MemoryLayout layoutOf(Object value) {
        return switch (value) {
            case Integer ignored -> ValueLayout.JAVA_INT;
            case Double ignored -> ValueLayout.JAVA_DOUBLE;
            case Long ignored -> ValueLayout.JAVA_LONG;
            case MemorySegment ignored -> ValueLayout.ADDRESS;
            default -> throw new IllegalStateException("unmapped native value " + value.getClass().getName());
        };
    }
}
