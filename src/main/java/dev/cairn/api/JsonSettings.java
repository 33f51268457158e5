package dev.cairn.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Strict input: a typo such as {@code "stpe": 2} must not silently migrate everything, and 1.5 is not a step count.
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // No silent scalar conversions either: {"id": 5} is not the id "5", {"step": "2"} is not 2.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("cairn-times").addSerializer(new LocalDateTimeWriter()));
    }

    /**
     * Writes what {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} writes (Jackson's default), without its cost: a
     * status call writes a timestamp per applied migration, and JDK 17's formatter goes through BigDecimal for the
     * fraction of every one, which made it the largest allocation of a status call (bench/README.md, S4).
     */
    static final class LocalDateTimeWriter extends StdSerializer<LocalDateTime> {

        LocalDateTimeWriter() {
            super(LocalDateTime.class);
        }

        @Override
        public void serialize(LocalDateTime t, JsonGenerator json, SerializerProvider provider) throws IOException {
            if (t.getYear() < 0 || t.getYear() > 9999) {
                json.writeString(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t));
                return;
            }
            char[] c = new char[29];
            int n = digits(c, 0, t.getYear(), 4);
            c[n++] = '-';
            n = digits(c, n, t.getMonthValue(), 2);
            c[n++] = '-';
            n = digits(c, n, t.getDayOfMonth(), 2);
            c[n++] = 'T';
            n = digits(c, n, t.getHour(), 2);
            c[n++] = ':';
            n = digits(c, n, t.getMinute(), 2);
            c[n++] = ':';
            n = digits(c, n, t.getSecond(), 2);
            int fraction = t.getNano(), width = 9;
            if (fraction != 0) {
                while (fraction % 10 == 0) {
                    fraction /= 10;
                    width--;
                }
                c[n++] = '.';
                n = digits(c, n, fraction, width);
            }
            json.writeString(c, 0, n);
        }

        /** {@code value} in exactly {@code width} decimal digits, zero-padded, at {@code at}; returns the end. */
        private static int digits(char[] c, int at, int value, int width) {
            for (int i = at + width - 1; i >= at; i--, value /= 10) {
                c[i] = (char) ('0' + value % 10);
            }
            return at + width;
        }
    }
}
