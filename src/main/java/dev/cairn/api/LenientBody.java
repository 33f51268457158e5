package dev.cairn.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.problem.CairnException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * The JSON body of the calls people type with curl (migrate, rollback, resolve, adopt): an empty body means the
 * defaults, so {@code curl -X POST …/migrate} works, and {@code curl -d '{…}'} without a JSON content type is read
 * as JSON too. The JSON itself is as strict as everywhere else.
 */
@ApplicationScoped
public class LenientBody {

    private final ObjectMapper json;

    public LenientBody(ObjectMapper json) {
        this.json = json;
    }

    /** The body as {@code as}, or null when it is empty. */
    public <T> T read(String type, String body, Class<T> as) {
        if (body == null || body.isBlank()) {
            return null;
        }
        if (type != null && !isJson(type) && !type.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            throw new NotSupportedException();
        }
        try {
            T value = json.readValue(body, as);
            if (value == null) {
                throw CairnException.invalid("the body must be a JSON object, or empty for the defaults");
            }
            return value;
        } catch (IOException e) {
            throw new BadRequestException(e);
        }
    }

    private static boolean isJson(String type) {
        try {
            return MediaType.valueOf(type).isCompatible(MediaType.APPLICATION_JSON_TYPE);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
