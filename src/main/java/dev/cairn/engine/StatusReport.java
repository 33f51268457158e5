package dev.cairn.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cairn.runs.Run;
import java.time.LocalDateTime;
import java.util.List;

/** Where a repo stands: every known version, up or down, and what needs attention. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusReport(String repo, String engine, String prefix, Long version, int pending,
                           List<Entry> migrations, List<Long> missing, List<Long> modified, List<Long> outOfOrder,
                           Dirty dirty, Run runInProgress) {

    /**
     * One version. {@code status} is {@code up} or {@code down}; {@code missing} means applied with no script
     * (Ecto's "** FILE NOT FOUND **"), {@code modified} means the up script changed since it was applied.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Entry(long version, String name, String status, LocalDateTime appliedAt, boolean missing,
                        boolean modified, boolean outOfOrder) {}
}
