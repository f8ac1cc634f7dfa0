package dev.pixflow.engine.vips.ffm;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libvips enum values looked up by their nicknames in the loaded library (the names the CLI shows,
 * e.g. {@code VipsSize "down"}, {@code VipsInteresting "attention"}), so no numeric value is copied
 * from a header that might not match the installed version.
 */
public final class VipsEnums {
    private record Key(String type, String nick) {
    }

    private static final Map<Key, Integer> VALUES = new ConcurrentHashMap<>();

    private VipsEnums() {
    }

    /**
     * @param enumType the C type name, e.g. {@code VipsFailOn}
     * @param nick     the value's nickname, e.g. {@code truncated}
     */
    public static int value(String enumType, String nick) {
        return VALUES.computeIfAbsent(new Key(enumType, nick), key -> {
            int value = LibVips.callInt("vips_enum_from_nick", "pixflow", gtype(enumType), nick);
            if (value < 0) {
                throw LibVips.failure("vips_enum_from_nick " + enumType + " " + nick);
            }
            return value;
        });
    }

    /** The nickname of a value, e.g. {@code srgb} for VipsInterpretation 22. */
    public static String nick(String enumType, int value) {
        String nick = LibVips.borrowedString(LibVips.callPointer("vips_enum_nick", gtype(enumType), value));
        return nick == null ? String.valueOf(value) : nick;
    }

    /** Calls the type's {@code _get_type} function, which also registers the type on first use. */
    private static long gtype(String enumType) {
        return LibVips.callLong(getTypeFunction(enumType));
    }

    static String getTypeFunction(String enumType) {
        String snake = enumType.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return snake + "_get_type";
    }
}
