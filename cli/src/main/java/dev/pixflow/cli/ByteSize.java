package dev.pixflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them on a command line: 512, 256K, 16M, 1G (binary multiples). */
final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([kmg]?)i?b?");

    @Override
    public Long convert(String value) {
        Matcher m = FORM.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a size (examples: 512, 256K, 16M, 1G)");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "k" -> Math.multiplyExact(n, 1L << 10);
                case "m" -> Math.multiplyExact(n, 1L << 20);
                case "g" -> Math.multiplyExact(n, 1L << 30);
                default -> n;
            };
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new TypeConversionException("'" + value + "' is larger than any size this can take");
        }
    }
}
