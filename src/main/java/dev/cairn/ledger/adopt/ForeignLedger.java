package dev.cairn.ledger.adopt;

import java.util.List;

/**
 * What another tool's ledger says was applied. golang-migrate keeps only the current version, so for it every
 * stored version up to {@code upTo} counts as applied; the others list their versions one by one.
 */
public record ForeignLedger(ForeignTool tool, List<Long> versions, Long upTo) {

    public boolean applied(long version) {
        return upTo != null ? version <= upTo : versions.contains(version);
    }
}
