package dev.cairn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonSettingsTest {

    @Test
    void timestampsAreWrittenExactlyAsJacksonsDefaultWritesThem() throws Exception {
        ObjectMapper stock = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectMapper cairn = new ObjectMapper().registerModule(new JavaTimeModule());
        new JsonSettings().customize(cairn);

        List<LocalDateTime> samples = new ArrayList<>(List.of(
                LocalDateTime.of(2026, 12, 1, 22, 8, 1),
                LocalDateTime.of(2026, 1, 2, 3, 4, 0),
                LocalDateTime.of(2015, 3, 18, 0, 16, 28, 500_000_000),
                LocalDateTime.of(2015, 3, 18, 0, 16, 28, 123_456_789),
                LocalDateTime.of(2015, 3, 18, 0, 16, 28, 1),
                LocalDateTime.of(2015, 3, 18, 0, 16, 28, 120_000),
                LocalDateTime.of(0, 1, 1, 0, 0),
                LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999),
                LocalDateTime.of(10000, 1, 1, 0, 0),
                LocalDateTime.of(-1, 6, 15, 12, 30),
                LocalDateTime.MIN, LocalDateTime.MAX));
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            samples.add(LocalDateTime.of(random.nextInt(10_000), 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000)));
        }
        for (LocalDateTime t : samples) {
            assertEquals(stock.writeValueAsString(t), cairn.writeValueAsString(t), t::toString);
        }
        // Quarkus registers the JSR-310 module before it runs the customizers; Cairn's writer must win over it.
        assertInstanceOf(JsonSettings.LocalDateTimeWriter.class,
                cairn.getSerializerProviderInstance().findValueSerializer(LocalDateTime.class));
    }
}
